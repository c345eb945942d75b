import Foundation

/// Starts the helper threads of an import or a verify, which leave the stopping signals to the main thread.
///
/// A signal sent to the process goes to any thread that does not block it. An interrupted
/// import's handler (`ImportInterruption`) decides on the main thread's state whether the batch
/// was recorded, and ends the process; run on a parsing or hashing thread instead, it ran while
/// the main thread went on, which could rename a first import into place as the handler removed
/// its files (audit 119). A helper thread blocks SIGINT, SIGTERM, SIGHUP and SIGPIPE, so that
/// they reach the main thread, which has them let through.
enum WorkerThread {
    /// Starts `body` on a new thread with a stack of 1 MiB, the stopping signals blocked in it.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var stopping = sigset_t()
            sigemptyset(&stopping)
            for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&stopping, number) }
            pthread_sigmask(SIG_BLOCK, &stopping, nil)
            body()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
