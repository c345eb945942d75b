#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H
/* The one-shot SHA256_* calls are the fastest path in OpenSSL 3; keep them undeprecated. */
#define OPENSSL_API_COMPAT 10101
#include <openssl/sha.h>
#endif
