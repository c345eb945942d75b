import Foundation

/// Keeps file descriptors 0, 1 and 2 taken, so that a ledger file opened later can never get one of them.
///
/// A program started with standard output closed (`invites log >&-`) would have its next
/// `open` return descriptor 1: LMDB's `lock.mdb` or `data.mdb`, which every line of output would
/// then overwrite from its first byte (audit 55 H1). Each closed one of the three is opened onto
/// `/dev/null` the other way round (standard input write-only, the outputs read-only), so using
/// it still fails as a closed descriptor does (EBADF): a closed output is reported as a failed
/// write, and a closed input is not read as an empty one.
enum StandardStreamsGuard {
    /// Takes every closed descriptor of the three; call first thing in `main`, before anything opens a file.
    static func install() {
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let flags = descriptor == 0 ? O_WRONLY : O_RDONLY
            // "/" read-only where /dev/null is missing (a bare chroot): it takes writes and reads no better.
            var placeholder = open("/dev/null", flags | O_CLOEXEC)
            if placeholder == -1 { placeholder = open("/", O_RDONLY | O_CLOEXEC) }
            guard placeholder != -1 else {
                // No file to hold the descriptor with: running on could write output into the ledger's files.
                _exit(70)
            }
            if placeholder != descriptor {
                // The lowest free descriptor is normally this one; a lower one closed too is taken on its own turn.
                guard dup2(placeholder, descriptor) == descriptor else { _exit(70) }
                close(placeholder)
            }
        }
    }
}
