import Testing
@testable import InvitesCommands

/// A hint's command line pasted into a shell runs what it says, whatever the ids it names hold.
struct ShellWordTests {
    @Test func plainIdsStayAsTheyAreAndOthersAreSingleQuoted() {
        #expect(ShellWord.quoted("inv-42") == "inv-42")
        #expect(ShellWord.quoted("expire-again:li:41e2c1") == "expire-again:li:41e2c1")
        #expect(ShellWord.quoted("inv 7; echo pwned") == "'inv 7; echo pwned'")
        #expect(ShellWord.quoted("it's") == "'it'\\''s'")
        #expect(ShellWord.quoted("$HOME") == "'$HOME'")
        #expect(ShellWord.quoted("") == "''")
        #expect(ShellWord.quoted("jürgen") == "'jürgen'")
    }

    /// A value or file that starts with `-` would be read as an option: `--name=VALUE` and `./FILE` keep it a value (review 71).
    @Test func aValueOrFileThatStartsWithADashStaysAValue() {
        #expect(ShellWord.option("db", "my ledger") == " --db 'my ledger'")
        #expect(ShellWord.option("db", "-ledger") == " --db=-ledger")
        #expect(ShellWord.option("invitation", "-x y") == " --invitation='-x y'")
        #expect(ShellWord.path("-refused.jsonl") == "./-refused.jsonl")
        #expect(ShellWord.path("/tmp/-a b") == "'/tmp/-a b'")
        #expect(ShellWord.path("-") == "-")
    }
}
