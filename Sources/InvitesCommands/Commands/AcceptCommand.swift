import ArgumentParser
import Ledger

/// `invites accept`.
struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Record that the recipient accepted an invitation.",
        discussion: "Example:\n  invites accept --account acct-1 --to https://www.linkedin.com/in/Jane-Doe/")
    @OptionGroup var target: InvitationTarget
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        try target.requireNamed()
    }

    func run() throws {
        try reportingFailures(options) {
            try recordFollowUp(options: options, try target.event(.accepted), atNow: target.at == nil)
        }
    }
}
