#ifndef CLMDB_SHIM_H
#define CLMDB_SHIM_H
#include <lmdb.h>
#include <sys/types.h>

/* Linux's fallocate(2), which glibc declares only under _GNU_SOURCE: gives a file's holes blocks
   without writing to it (mode 0), unlike posix_fallocate, whose fallback for file systems without
   it writes zeros, which could overwrite another process's reader slot in lock.mdb. */
#ifdef __linux__
int fallocate(int fd, int mode, off_t offset, off_t len);
#endif
#endif
