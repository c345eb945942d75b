import Foundation
import LMDB
import Merkle

/// The second half of a two-thread `verify`, running on a thread of its own in its own read transaction.
///
/// It checks the positions after the split up to the head the first thread saw; the log only
/// grows, so a newer snapshot holds the same records there. When it cannot start (another
/// process grew the map, or nothing is stored at the split) it reports `unavailable` and the
/// first thread checks these positions itself.
final class SecondHalfCheck: @unchecked Sendable {
    /// How the second half ended.
    enum Outcome {
        case done(check: ChainSegmentCheck, failure: VerificationResult?)
        case unavailable
    }

    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var outcome: Outcome = .unavailable
    private var cancelled = false
    /// Whether the thread was waited for already: `finished` is signalled once, so it is waited for once (guarded by `joining`).
    private var joined = false
    /// Held while waiting for the thread, so that a second caller returns only once the thread has ended.
    private let joining = NSLock()

    /// Starts checking positions `after + 1` through `head.position` on a new thread.
    init(ledger: Ledger, after split: UInt64, head: ChainHead, expect: (hash: Digest, position: UInt64)?) {
        WorkerThread.start { [self] in
            let outcome: Outcome
            do {
                outcome = try ledger.environment.readBeside { txn in
                    let view = ledger.view(in: txn)
                    guard var check = ChainSegmentCheck(after: split, view: view, treeSize: head.position) else {
                        return Outcome.unavailable
                    }
                    let failure = try check.run(view: view, through: head.position, logLength: head.position,
                                                expect: expect, shouldStop: { self.isCancelled })
                    return .done(check: check, failure: failure)
                }
            } catch {
                outcome = .unavailable
            }
            lock.withLock { self.outcome = outcome }
            finished.signal()
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    /// Asks the thread to stop early and waits for it (its transaction must end before the caller's); does nothing once it was waited for.
    func cancel() {
        lock.withLock { cancelled = true }
        join()
    }

    /// Waits for the thread and returns how it ended.
    func result() -> Outcome {
        join()
        return lock.withLock { outcome }
    }

    /// Waits for the thread to end; once it has, returns at once.
    private func join() {
        joining.withLock {
            guard !joined else { return }
            finished.wait()
            joined = true
        }
    }
}
