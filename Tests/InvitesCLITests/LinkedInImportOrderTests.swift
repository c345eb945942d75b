import Foundation
import Testing

/// The LinkedIn import's guards against recording the wrong thing for good (audit 83): exports out of order,
/// another member's export, a second spelling of the account, connections after an expiry or from the future.
@Suite struct LinkedInImportOrderTests {
    static let invitationsHeader = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    static let connectionsHeader = "Notes:\n\"Some emails may be missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"

    /// An outgoing row of alex-doe's (or `inviter`'s) to `slug`, sent at `sentAt` (`1/10/26, 9:00 AM`).
    static func sent(_ slug: String, _ sentAt: String, inviter: String = "alex-doe") -> String {
        "Alex Doe,\(slug.capitalized),\"\(sentAt)\",Hi,OUTGOING,https://www.linkedin.com/in/\(inviter),https://www.linkedin.com/in/\(slug)\n"
    }

    /// A connection row with `slug` connected on `day` (`01 Feb 2026`).
    static func connection(_ slug: String, _ day: String) -> String {
        "\(slug.capitalized),X,https://www.linkedin.com/in/\(slug),,Acme,CTO,\(day)\n"
    }

    /// Writes an export folder `name` under `folder` with these rows (a file left out when nil).
    static func export(_ name: String, in folder: URL, invitations: [String]?, connections: [String]? = []) throws -> String {
        let export = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: false)
        if let invitations {
            try Data((invitationsHeader + invitations.joined()).utf8).write(to: export.appendingPathComponent("Invitations.csv"))
        }
        if let connections {
            try Data((connectionsHeader + connections.joined()).utf8).write(to: export.appendingPathComponent("Connections.csv"))
        }
        return export.path
    }

    static func importExport(_ path: String, account: String = "alex", db: String, _ extra: [String] = []) throws -> RunResult {
        try invites(["import", "--from", "linkedin", path, "--account", account, "--db", db, "--format", "json"] + extra)
    }

    /// Inferred closes are counted, so that `appended` adds up (F7); one file listing both says so (F12).
    @Test func inferredClosesAreCountedAndAddUp() throws {
        try withTemporaryLedger { db, folder in
            let older = try Self.export("a", in: folder, invitations: [Self.sent("carol", "1/12/26, 10:00 AM")])
            let newer = try Self.export("b", in: folder, invitations: [Self.sent("carol", "2/25/26, 10:00 AM"), Self.sent("dave", "2/20/26, 11:00 AM")])
            #expect(try Self.importExport(older, db: db).status == 0)
            let run = try Self.importExport(newer, db: db)
            #expect(run.object["appended"] as? Int == 3, "\(run.stdout)")
            #expect(run.linkedin["outgoing_recorded"] as? Int == 2 && run.linkedin["inferred_withdrawn"] as? Int == 1
                    && run.linkedin["inferred_expired"] as? Int == 0, "\(run.stdout)")
            #expect(run.stderr.contains("was still pending in the ledger"), "\(run.stderr)")
            let table = try invites(["import", "--from", "linkedin", newer, "--account", "alex", "--db", db + "-table"])
            #expect(!table.stdout.contains("closed: withdrawn"), "nothing inferred on a fresh ledger: \(table.stdout)")
            let both = try Self.export("both", in: folder, invitations: [Self.sent("erin", "1/12/26, 10:00 AM"), Self.sent("erin", "3/1/26, 10:00 AM")])
            let inOneFile = try invites(["import", "--from", "linkedin", both, "--account", "alex", "--db", db])
            #expect(inOneFile.stdout.contains("earlier invitations closed: withdrawn"), "\(inOneFile.stdout)")
            #expect(inOneFile.stderr.contains("this export also lists invitation"), "\(inOneFile.stderr)")
        }
    }

    /// A row the file holds twice is said to be that, not only counted "already imported" (F12).
    @Test func aRowTwiceInOneFileIsSaid() throws {
        try withTemporaryLedger { db, folder in
            let twice = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM"), Self.sent("bob", "1/10/26, 9:00 AM")])
            let first = try Self.importExport(twice, db: db)
            #expect(first.object["appended"] as? Int == 1 && first.linkedin["outgoing_duplicates"] as? Int == 1, "\(first.stdout)")
            #expect(first.stderr.contains("Invitations.csv line 3: the same row as an earlier line of this export"), "\(first.stderr)")
            #expect(!(try Self.importExport(twice, db: db).stderr.contains("the same row")), "imported before, both are")
        }
    }

    /// An older export imported after a newer one: its row is refused, and the line says why and what to do (F5).
    @Test func anOlderExportAfterANewerOneSaysToImportOldestFirst() throws {
        try withTemporaryLedger { db, folder in
            let newer = try Self.export("b", in: folder, invitations: [Self.sent("carol", "2/25/26, 10:00 AM")])
            let older = try Self.export("a", in: folder, invitations: [Self.sent("carol", "1/12/26, 10:00 AM")])
            #expect(try Self.importExport(newer, db: db).status == 0)
            let run = try Self.importExport(older, db: db)
            #expect(run.object["rejected"] as? Int == 1, "\(run.stdout)")
            // A good row the ledger's rules refused, counted apart from rows that cannot be read (F11).
            #expect(run.linkedin["rows_refused"] as? Int == 1 && run.linkedin["rows_unusable"] as? Int == 0, "\(run.stdout)")
            #expect(run.stderr.contains("Invitations.csv line 2: this invitation, sent 2026-01-12T10:00:00Z, is older than invitation")
                    && run.stderr.contains("import LinkedIn exports oldest first"), "\(run.stderr)")
        }
    }

    /// A newer export's connection answering an invitation only an older export lists: the older export imported afterwards
    /// says to import the newer again, which then accepts it (F5).
    @Test func anOlderExportImportedLaterSaysToReadTheNewerAgain() throws {
        try withTemporaryLedger { db, folder in
            let newer = try Self.export("b", in: folder, invitations: [Self.sent("dave", "2/20/26, 11:00 AM")],
                                        connections: [Self.connection("bob", "01 Feb 2026")])
            let older = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")])
            #expect(try Self.importExport(newer, db: db).linkedin["connections_unmatched"] as? Int == 1)
            let late = try Self.importExport(older, db: db)
            #expect(late.status == 0 && late.stderr.contains("an older export, imported after a newer one. Import the newer export again now"),
                    "\(late.stderr)")
            #expect(try Self.importExport(newer, db: db).linkedin["accepted_by_url"] as? Int == 1)
            #expect(!(try Self.importExport(newer, db: db).stderr.contains("an older export")), "the newer one is not older")
        }
    }

    /// An export whose rows name two inviters is refused whole, before a ledger is made (F1).
    @Test func anExportOfTwoMembersIsRefusedWhole() throws {
        try withTemporaryLedger { db, folder in
            let mixed = try Self.export("mixed", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM"),
                                                                            Self.sent("erin", "1/15/26, 9:00 AM", inviter: "jane-roe")])
            let run = try Self.importExport(mixed, db: db)
            #expect(run.status == 1 && run.stderr.contains("holds invitations sent by more than one member (linkedin.com/in/alex-doe on "
                + "line 2, linkedin.com/in/jane-roe on line 3)"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
            // An inviter URL naming nobody is no second member (audit 86).
            let blank = try Self.export("blank", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM"),
                                                                            Self.sent("erin", "1/15/26, 9:00 AM", inviter: "")])
            #expect(try Self.importExport(blank, db: db).status == 0)
            // An account no event can hold is the command line's error, not every row's (audit 86).
            #expect(try Self.importExport(blank, account: "al\tex", db: db + "-tab").status == 64)
        }
    }

    /// Another member's export under an account whose earlier exports were someone else's is refused; a changed URL of the
    /// same member is taken when the export shares an invitation with the earlier ones, or with --inviter-changed (F1).
    @Test func anotherMembersExportUnderAnAccountIsRefused() throws {
        try withTemporaryLedger { db, folder in
            let own = try Self.export("own", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")])
            let colleague = try Self.export("jane", in: folder, invitations: [Self.sent("bob", "1/16/26, 9:00 AM", inviter: "jane-roe")])
            let renamed = try Self.export("renamed", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM", inviter: "alex-doe-42"),
                                                                                Self.sent("cy", "2/1/26, 9:00 AM", inviter: "alex-doe-42")])
            #expect(try Self.importExport(own, db: db).status == 0)
            let refused = try Self.importExport(colleague, db: db)
            #expect(refused.status == 1 && refused.stderr.contains("account alex's earlier LinkedIn exports were sent from "
                + "linkedin.com/in/alex-doe, and this one's invitations from linkedin.com/in/jane-roe"), "\(refused.stderr)")
            #expect(try invites(["log", "--db", db, "--format", "json"]).stdout.split(separator: "\n").count == 1, "nothing written")
            #expect(try Self.importExport(colleague, account: "jane", db: db).status == 0, "under her own account")
            let sameMember = try Self.importExport(renamed, db: db)
            #expect(sameMember.status == 0 && sameMember.object["appended"] as? Int == 1, "shares bob's invitation: \(sameMember.stderr)")
            // The renamed URL is kept from then on: the first one's export is now "another member's" unless said.
            #expect(try Self.importExport(colleague, db: db).status == 1)
            let told = try Self.importExport(colleague, db: db, ["--inviter-changed"])
            #expect(told.status == 0, "\(told.stderr)")
        }
    }

    /// A second spelling of a known account is refused before anything is written, unless --new-account says it is a seat (F2).
    @Test func aSecondSpellingOfTheAccountIsRefusedBeforeWriting() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")])
            #expect(try Self.importExport(export, db: db).status == 0)
            let misspelt = try Self.importExport(export, account: "Alex", db: db)
            #expect(misspelt.status == 1 && misspelt.stderr.contains("account Alex is new to this ledger, which knows alex; nothing was imported")
                    && misspelt.stderr.contains("(--account alex)"), "\(misspelt.stderr)")
            #expect(try invites(["log", "--db", db, "--format", "json"]).stdout.split(separator: "\n").count == 1)
            let seat = try Self.importExport(export, account: "Alex", db: db, ["--new-account"])
            #expect(seat.status == 0 && seat.object["appended"] as? Int == 1, "\(seat.stderr)")
            let other = try Self.importExport(export, account: "sam", db: db)
            #expect(other.status == 0 && other.object["appended"] as? Int == 1, "a name no known one is close to: \(other.stderr)")
            // JSON Lines' options are refused here rather than taken and ignored (audit 85 F8).
            #expect(try Self.importExport(export, db: db, ["--skip-invalid"]).status == 64)
            let jsonl = try invites(["import", "--new-account", "--db", db])
            #expect(jsonl.status == 64 || jsonl.status == 1, "--new-account is the LinkedIn import's: \(jsonl.stderr)")
        }
    }

    /// A connection dated after its invitation's expire_after is no answer to it, whether `expire --due` ran or not (F3).
    @Test func aConnectionAfterTheExpiryIsNotItsAnswerEitherWay() throws {
        for expiredFirst in [false, true] {
            try withTemporaryLedger { db, folder in
                let sent = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM"), Self.sent("carol", "1/12/26, 10:00 AM")])
                let later = try Self.export("b", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM"), Self.sent("carol", "1/12/26, 10:00 AM")],
                                            connections: [Self.connection("bob", "15 Jul 2026"), Self.connection("carol", "01 Jul 2026")])
                #expect(try Self.importExport(sent, db: db).status == 0)
                if expiredFirst {
                    #expect(try invites(["expire", "--due", "--now", "2026-08-01T00:00:00Z", "--db", db]).status == 0)
                }
                let run = try Self.importExport(later, db: db)
                // bob: 26 weeks after 2026-01-10 is 2026-07-11, before 15 Jul; carol connected 01 Jul, before her 13 Jul.
                #expect(run.linkedin["accepted_by_url"] as? Int == (expiredFirst ? 0 : 1), "\(run.stdout)")
                #expect(run.stderr.contains("connected on 2026-07-15, after invitation") && run.stderr.contains("had expired"),
                        "expired first: \(expiredFirst): \(run.stderr)")
            }
        }
    }

    /// The connection's day is the calendar's day in `--tz`, 23 or 25 hours long when summer time begins or ends (audit 108 F2).
    @Test func theConnectionsDayFollowsSummerTime() throws {
        try withTemporaryLedger { db, folder in
            // Each invitation runs out (26 weeks) at 00:30 local on the connection's day, or at 23:30 the day before.
            let export = try Self.export("dst", in: folder, invitations: [
                Self.sent("ann", "5/3/26, 12:30 AM"),   // out 2026-11-01 00:30 EDT, the day summer time ends: still live that day
                Self.sent("cal", "4/16/26, 12:30 AM"),  // out 2026-10-15 00:30 EDT, an ordinary day: the control
                Self.sent("bob", "9/7/25, 12:30 AM"),   // out 2026-03-07 23:30 EST, the eve of the day summer time begins
            ], connections: [Self.connection("ann", "01 Nov 2026"), Self.connection("cal", "15 Oct 2026"),
                             Self.connection("bob", "08 Mar 2026")])
            let run = try Self.importExport(export, db: db, ["--tz", "America/New_York"])
            #expect(run.status == 0 && run.linkedin["accepted_by_url"] as? Int == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("connected on 2026-03-08, after invitation") && run.stderr.contains("to linkedin.com/in/bob had expired"),
                    "\(run.stderr)")
            #expect(!run.stderr.contains("linkedin.com/in/ann had expired"), "\(run.stderr)")
        }
    }

    /// A Sent At in the hour --tz skipped is read later by the gap, and said; one that exists is not (audit 108 F11).
    @Test func aSentAtInTheSkippedHourIsSaid() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("gap", in: folder, invitations: [Self.sent("gus", "3/8/26, 2:30 AM"), Self.sent("hal", "3/8/26, 3:00 AM")])
            let run = try Self.importExport(export, db: db, ["--tz", "America/New_York"])
            #expect(run.status == 0 && run.linkedin["outgoing_recorded"] as? Int == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("line 2: Sent At is a time --tz skipped (its clocks went forward then): read as 2026-03-08T07:30:00Z"),
                    "\(run.stderr)")
            #expect(!run.stderr.contains("line 3:"), "\(run.stderr)")
        }
    }

    /// An invitee URL that is no member's profile (a company page, another site) is refused, not recorded as the person (F10).
    @Test func anInviteeURLThatIsNoProfileIsRefused() throws {
        try withTemporaryLedger { db, folder in
            let rows = ["Alex Doe,Acme,\"1/10/26, 9:00 AM\",Hi,OUTGOING,https://www.linkedin.com/in/alex-doe,https://www.linkedin.com/company/acme\n",
                        Self.sent("bob", "1/11/26, 9:00 AM"),
                        "Alex Doe,Nobody,\"1/12/26, 9:00 AM\",Hi,OUTGOING,https://www.linkedin.com/in/alex-doe,https://www.linkedin.com/in/\n"]
            let run = try Self.importExport(try Self.export("a", in: folder, invitations: rows), db: db)
            #expect(run.object["appended"] as? Int == 1 && run.object["rejected"] as? Int == 2, "\(run.stdout)")
            // A profile URL naming nobody keeps the words every event gets for it (audit 85 F3).
            #expect(run.stderr.contains("Invitations.csv line 4: invalid_event: invitation ")
                    && run.stderr.contains("\"recipient\" is a LinkedIn profile URL with no profile name after /in/"), "\(run.stderr)")
            #expect(run.stderr.contains("Invitations.csv line 2: invalid_event: inviteeProfileUrl \"https://www.linkedin.com/company/acme\" "
                + "is not a LinkedIn member's profile"), "\(run.stderr)")
        }
    }

    /// The day a line names is the file's, read in --tz: UTC+14's noon is the day before in UTC (audit 85 F6).
    @Test func aConnectionsDayIsSaidAsTheFileGivesIt() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")],
                                         connections: [Self.connection("bob", "15 Jul 2026")])
            let run = try Self.importExport(export, db: db, ["--tz", "Pacific/Kiritimati"])
            #expect(run.stderr.contains("connected on 2026-07-15, after invitation"), "\(run.stderr)")
        }
    }

    /// A 0-byte Connections.csv no longer refuses the folder's good Invitations.csv; two renamed copies are named (audit 86).
    @Test func emptyAndRenamedFilesOfAFolderAreSaid() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")], connections: nil)
            try Data().write(to: URL(fileURLWithPath: export + "/Connections.csv"))
            let run = try Self.importExport(export, db: db)
            #expect(run.status == 0 && run.object["appended"] as? Int == 1, "\(run.stderr)")
            #expect(run.stderr.contains("Connections.csv is empty (0 bytes) and was not read"), "\(run.stderr)")
            let copies = try Self.export("b", in: folder, invitations: nil, connections: [Self.connection("bob", "01 Feb 2026")])
            for name in ["Invitations (1).csv", "Invitations-2.csv"] {
                try Data((Self.invitationsHeader + Self.sent("bob", "1/10/26, 9:00 AM")).utf8).write(to: URL(fileURLWithPath: copies + "/" + name))
            }
            let two = try Self.importExport(copies, db: db)
            #expect(two.stderr.contains("the folder holds Invitations (1).csv, Invitations-2.csv and no Invitations.csv, and none was read"),
                    "\(two.stderr)")
        }
    }

    /// A renamed copy beside the file of the name: read in place of a 0-byte one, else named with the command that imports it (audit 128 F3).
    @Test func aRenamedCopyBesideTheFileOfTheNameIsReadOrNamed() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("a", in: folder, invitations: [], connections: [Self.connection("bob", "01 Feb 2026")])
            let copy = export + "/Invitations (1).csv"
            try Data((Self.invitationsHeader + Self.sent("bob", "1/10/26, 9:00 AM")).utf8).write(to: URL(fileURLWithPath: copy))
            try Data().write(to: URL(fileURLWithPath: export + "/Invitations.csv"))
            let empty = try Self.importExport(export, db: db)
            #expect(empty.status == 0 && empty.linkedin["outgoing_recorded"] as? Int == 1 && empty.linkedin["accepted_by_url"] as? Int == 1,
                    "\(empty.stdout) \(empty.stderr)")
            #expect(empty.stderr.contains("invites: note: Invitations.csv is empty (0 bytes), and Invitations (1).csv, a renamed download of "
                + "it beside it, was read in its place"), "\(empty.stderr)")
            // An empty copy beside them changes nothing: the one that holds something is read (audit 133).
            try Data().write(to: URL(fileURLWithPath: export + "/Invitations (2).csv"))
            let emptyCopy = try Self.importExport(export, db: db)
            #expect(emptyCopy.status == 0 && emptyCopy.stderr.contains("and Invitations (1).csv, a renamed download of it beside it, was read"),
                    "\(emptyCopy.stdout) \(emptyCopy.stderr)")
            try FileManager.default.removeItem(atPath: export + "/Invitations (2).csv")
            // The folder's only file of the kind, a copy, is read and not called a copy left unread (audit 133).
            try FileManager.default.removeItem(atPath: export + "/Invitations.csv")
            let lone = try Self.importExport(export, db: db)
            #expect(lone.status == 0 && !lone.stderr.contains("left unread"), "\(lone.stderr)")

            // Beside a file that holds rows: the file of the name is read, the copy named with the command that imports it.
            try Data((Self.invitationsHeader + Self.sent("carl", "1/12/26, 9:00 AM")).utf8).write(to: URL(fileURLWithPath: export + "/Invitations.csv"))
            let both = try Self.importExport(export, db: db)
            #expect(both.status == 0 && both.linkedin["outgoing_recorded"] as? Int == 1, "\(both.stdout) \(both.stderr)")
            let command = "invites import --from linkedin '\(copy)' --account alex --db \(db)"
            #expect(both.stderr.contains("invites: note: the folder also holds Invitations (1).csv, a renamed download of Invitations.csv, "
                + "left unread: Invitations.csv was read. If the copy is the export to import, import it alone: \(command) (then "
                + "Connections.csv alone, not the folder, which reads Invitations.csv)"), "\(both.stderr)")
            // Imported so, it is not sent back to the folder, which would read Invitations.csv.
            try Data((Self.invitationsHeader + Self.sent("bob", "1/10/26, 9:00 AM") + Self.sent("dave", "1/15/26, 9:00 AM")).utf8)
                .write(to: URL(fileURLWithPath: copy))
            let alone = try Self.importExport(copy, db: db)
            #expect(alone.status == 0 && alone.linkedin["outgoing_recorded"] as? Int == 1, "\(alone.stdout) \(alone.stderr)")
            #expect(alone.stderr.contains("Invitations (1).csv: the Connections.csv beside it was not part of this import: import it too, so "
                + "that its connections accept these invitations"), "\(alone.stderr)")
        }
    }

    /// A Connected On days after the clock is refused as a Sent At is (F4).
    @Test func aConnectionFromTheFutureIsRefused() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")],
                                         connections: [Self.connection("bob", "15 Mar 2027")])
            let run = try Self.importExport(export, db: db)
            #expect(run.object["rejected"] as? Int == 1 && run.linkedin["accepted_by_url"] as? Int == 0, "\(run.stdout)")
            #expect(run.stderr.contains("invalid_event: Connected On 2027-03-15 is more than a day after the clock"), "\(run.stderr)")
        }
    }

    /// A Connections.csv imported alone while its Invitations.csv sits beside it says so, even when some matched (F6);
    /// an export of which nothing is usable says so (F9).
    @Test func connectionsAloneAndUnusableExportsAreSaid() throws {
        try withTemporaryLedger { db, folder in
            let first = try Self.export("a", in: folder, invitations: [Self.sent("bob", "1/10/26, 9:00 AM")])
            let second = try Self.export("b", in: folder, invitations: [Self.sent("dave", "2/20/26, 11:00 AM")],
                                         connections: [Self.connection("bob", "01 Feb 2026"), Self.connection("dave", "22 Feb 2026")])
            #expect(try Self.importExport(first, db: db).status == 0)
            let alone = try Self.importExport(second + "/Connections.csv", db: db)
            #expect(alone.linkedin["accepted_by_url"] as? Int == 1, "\(alone.stdout)")
            #expect(alone.stderr.contains("Connections.csv: 1 of its connections matched no pending invitation of alex, and the "
                + "Invitations.csv beside it was not part of this import"), "\(alone.stderr)")
            let invitationsAlone = try Self.importExport(try Self.export("e", in: folder, invitations: [Self.sent("eve", "3/1/26, 9:00 AM")])
                                                         + "/Invitations.csv", db: db)
            #expect(invitationsAlone.stderr.contains("Invitations.csv: the Connections.csv beside it was not part of this import"),
                    "\(invitationsAlone.stderr)")
            let unusable = try Self.export("c", in: folder, invitations: ["Alex Doe,,\"1/10/26, 9:00 AM\",,OUTGOING,,\n"], connections: nil)
            let nothing = try Self.importExport(unusable, db: db)
            #expect(nothing.status == 0 && nothing.stderr.contains("the export's one row could not be used"), "\(nothing.stderr)")
            let empty = try Self.export("d", in: folder, invitations: [], connections: nil)
            #expect(try Self.importExport(empty, db: db).stderr.contains("the export holds no rows, only the header of Invitations.csv"))
        }
    }

    /// A namesake: an invitation recorded by name from an older export, which a newer export ties to one profile, is not
    /// accepted by a connection of the same name with another profile (audit 104 F1).
    @Test func aConnectionOfTheSameNameWithAnotherProfileDoesNotAcceptANameTiedToOne() throws {
        try withTemporaryLedger { db, folder in
            let old = folder.appendingPathComponent("old")
            try FileManager.default.createDirectory(at: old, withIntermediateDirectories: false)
            try Data("From,To,Sent At,Message,Direction\nAlex Owner,John Smith,\"11/14/23, 9:05 AM\",,OUTGOING\n".utf8)
                .write(to: old.appendingPathComponent("Invitations.csv"))
            let new = try Self.export("new", in: folder, invitations: [
                "Alex Owner,John Smith,\"11/14/23, 9:05 AM\",,OUTGOING,https://www.linkedin.com/in/alex-owner,https://www.linkedin.com/in/john-smith-1\n"
            ], connections: ["John,Smith,https://www.linkedin.com/in/john-smith-2,,,,01 Dec 2023\n"])
            #expect(try invites(["import", "--from", "linkedin", old.path, "--account", "alex", "--db", db]).status == 0)
            let run = try invites(["import", "--from", "linkedin", new, "--account", "alex", "--db", db, "--format", "json"])
            #expect(run.status == 0 && run.object["appended"] as? Int == 0, "\(run.stdout) \(run.stderr)")
            let history = try invites(["history", "--to", "name:john smith", "--db", db, "--format", "json"]).rows
            #expect(history.map { $0["type"] as? String } == ["sent"], "\(history)")
            let check = try invites(["check", "--account", "alex", "--to", "linkedin.com/in/john-smith-1", "--db", db,
                                     "--now", "2023-12-02T00:00:00Z", "--format", "json"])
            #expect(check.object["reason"] as? String == "pending", "\(check.stdout)")
        }
    }

    /// An export read without `--tz` after an import in another zone is refused even when its row's message was too long
    /// to record as a note: the earlier `sent` is looked up with the note it was recorded with (audit 104 F2).
    @Test func aZoneShiftIsFoundForARowWhoseNoteWasLeftOut() throws {
        try withTemporaryLedger { db, folder in
            let export = try Self.export("e", in: folder, invitations: [
                "Alex Doe,Bo Chen,\"1/15/26, 9:00 AM\",Hello there my friend,OUTGOING,,https://www.linkedin.com/in/bo-chen\n"
            ], connections: nil)
            #expect(try invites(["policy", "--set", "note_limit=5", "--db", db]).status == 0)
            #expect(try invites(["import", "--from", "linkedin", export, "--account", "alex", "--tz", "Europe/Berlin", "--db", db]).status == 0)
            let again = try invites(["import", "--from", "linkedin", export, "--account", "alex", "--db", db])
            #expect(again.status == 1 && again.stderr.contains("with this message left out (past note_limit) too, 1 h earlier")
                    && again.stderr.contains("nothing was imported: this export was read in UTC"), "\(again.stderr)")
        }
    }
}
