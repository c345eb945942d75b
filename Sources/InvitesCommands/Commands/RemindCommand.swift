import ArgumentParser
import Ledger

/// `invites remind`.
struct RemindCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind", abstract: "Record that the recipient was reminded of a pending invitation.",
        discussion: """
        Name the invitation by --invitation ID, or by --account A --to R: that pair's (one account and one recipient's) pending invitation. \
        --at says when it happened (default: now); it may not be earlier than the latest event \
        of the invitation's pair (else out_of_order).

        Examples:
          invites remind --account acct-1 \\
            --to linkedin.com/in/jane-doe
          invites remind --invitation inv-42 \\
            --at 2026-01-12T09:00:00Z
        """)
    @OptionGroup var target: InvitationTarget
    @OptionGroup var clock: VerbClockOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        try target.requireNamed()
    }

    func run() throws {
        try reportingFailures(options) {
            clock.noteIfOverridden(byAt: target.at)
            try answeringRefusal(options.format) {
                try recordFollowUp(options: options, try target.event(.reminded, now: clock.now), atNow: target.at == nil && clock.now == nil)
            }
        }
    }
}
