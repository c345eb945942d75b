import ArgumentParser
import Ledger

/// `invites accept`.
struct AcceptCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Record that the recipient accepted an invitation.",
        discussion: "Name the invitation by --invitation ID, or by --account A --to R: that pair's (one account and one recipient's) pending invitation.\n\nExample:\n  invites accept --account acct-1 \\\n    --to https://www.linkedin.com/in/Jane-Doe/")
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
                try recordFollowUp(options: options, try target.event(.accepted, now: clock.now), atNow: target.at == nil && clock.now == nil)
            }
        }
    }
}
