import Foundation

/// The signals that stop a command, and what this process does on each.
enum StoppingSignals {
    /// SIGINT, SIGTERM and SIGHUP: a user's Ctrl-C, a supervisor's stop, a terminal closed.
    static let numbers = [SIGINT, SIGTERM, SIGHUP]

    /// Whether this process's action for `number` is `handler` (`SIG_DFL`, `SIG_IGN`).
    static func action(of number: Int32, is handler: __sighandler_t?) -> Bool {
        var current = sigaction()
        guard sigaction(number, nil, &current) == 0 else { return false }
        // Handlers are C function pointers, compared by address (`SIG_DFL` is the address 0, `SIG_IGN` 1).
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(handler, to: Int.self)
    }
}
