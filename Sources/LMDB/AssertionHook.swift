import CLMDB

/// Lets a program hear LMDB's internal assertions (a damaged page, read) before LMDB aborts the process.
///
/// LMDB checks its pages as it walks them and, when one is not what it expects (a zeroed leaf,
/// say), prints `mdb.c:N: Assertion '…' failed in …()` on standard error and calls `abort()`.
/// Nothing can be recovered at that point, but the handler set here runs first, with that text:
/// it may say what went wrong in its own words and end the process itself (it must not return
/// into LMDB expecting to go on; if it returns, LMDB prints its line and aborts as before).
public enum AssertionHook {
    /// Called with LMDB's assertion text, on the thread that failed it; nil: LMDB's own behaviour.
    nonisolated(unsafe) public static var handler: ((String) -> Void)?

    /// Routes `env`'s assertions to `handler` (LMDB built without assertions ignores it).
    static func install(on env: OpaquePointer) {
        _ = mdb_env_set_assert(env) { _, message in
            guard let handler = AssertionHook.handler, let message else { return }
            handler(String(cString: message))
        }
    }
}
