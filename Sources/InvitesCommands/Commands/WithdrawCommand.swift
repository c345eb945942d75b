import ArgumentParser
import Ledger

/// `invites withdraw`.
struct WithdrawCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record that the sender withdrew a pending invitation.",
        discussion: "Name the invitation by --invitation ID, or by --account A --to R: that pair's (one account and one recipient's) pending invitation.\n\nExample:\n  invites withdraw --invitation inv-42 --reason stale")
    @OptionGroup var target: InvitationTarget
    // Unconditional, as `send --note`: free text may begin with a dash.
    @Option(parsing: .unconditional, help: "Why it was withdrawn (taken as written, even when it begins with -, unless it is one of these options).")
    var reason: String?
    @OptionGroup var clock: VerbClockOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        try target.requireNamed()
        try FreeTextOption.refuseOptionName(reason, of: "--reason", in: Self.self)
    }

    func run() throws {
        try reportingFailures(options) {
            clock.noteIfOverridden(byAt: target.at)
            try answeringRefusal(options.format) {
                try recordFollowUp(options: options, try target.event(.withdrawn, reason: reason, now: clock.now), atNow: target.at == nil && clock.now == nil)
            }
        }
    }
}
