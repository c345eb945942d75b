import Foundation
import Testing

/// A LinkedIn import without `--tz` reads the export's zone-less dates in UTC, whatever the
/// machine's zone; on a machine whose zone is another, it says so and names the option (audit 115 F7).
@Suite struct LinkedInMachineZoneTests {
    private func importExport(_ db: String, zone: String, _ extra: [String] = []) throws -> RunResult {
        try invites(["import", "--from", "linkedin", LinkedInFixtures.path("linkedin-2026-01"), "--account", "alex", "--db", db,
                     "--format", "json"] + extra, environment: ["TZ": zone])
    }

    @Test func aMachineInAnotherZoneIsToldTheDatesWereReadInUTC() throws {
        try withTemporaryLedger { db, _ in
            let run = try importExport(db, zone: "Europe/Berlin")
            #expect(run.status == 0 && run.object["appended"] as? Int == 5, "\(run.stderr)")
            #expect(run.linkedin["time_zone"] as? String == "UTC")
            #expect(run.stderr.contains("invites: note: the export's dates carry no zone and were read in UTC, as no --tz was given; "
                + "this machine's zone is Europe/Berlin: if LinkedIn showed them in that zone, import with --tz Europe/Berlin, "
                + "and use the same --tz every time\n"), "\(run.stderr)")
            // Read in UTC, not in the machine's zone: 2:37 PM is 14:37Z.
            let sent = try invites(["export", "--db", db]).lines.compactMap { $0["at"] as? String }
            #expect(sent.contains("2026-01-29T14:37:00Z"), "\(sent)")
        }
    }

    /// TZ written as a zone file's path or as a POSIX rule is a zone too (audit 128 N5: Foundation read both as UTC, and nothing was said).
    @Test(arguments: [(":Europe/Berlin", "Europe/Berlin"), ("CET-1CEST,M3.5.0,M10.5.0/3", "+0")])
    func aZoneSpelledAsTZAllowsIsNamed(zone: String, named: String) throws {
        try withTemporaryLedger { db, _ in
            let run = try importExport(db, zone: zone)
            #expect(run.status == 0 && run.stderr.contains("this machine's zone is \(named)"), "\(run.stderr)")
        }
    }

    @Test(arguments: ["UTC", "Etc/UTC"]) func aMachineInUTCIsToldNothing(zone: String) throws {
        try withTemporaryLedger { db, _ in
            let run = try importExport(db, zone: zone)
            #expect(run.status == 0 && !run.stderr.contains("this machine's zone"), "\(run.stderr)")
        }
    }

    /// London keeps UTC only in winter; `--tz` given, even `UTC`, is the user's choice; nothing recorded, nothing to say.
    @Test func londonIsNamedAndAGivenZoneOrANoOpImportSaysNothing() throws {
        try withTemporaryLedger { db, _ in
            let london = try importExport(db, zone: "Europe/London")
            #expect(london.stderr.contains("this machine's zone is Europe/London: "), "\(london.stderr)")
            let again = try importExport(db, zone: "Europe/London")
            #expect(again.status == 0 && again.object["appended"] as? Int == 0 && !again.stderr.contains("this machine's zone"),
                    "\(again.stderr)")
        }
        try withTemporaryLedger { db, _ in
            let given = try importExport(db, zone: "Europe/Berlin", ["--tz", "UTC"])
            #expect(given.status == 0 && !given.stderr.contains("this machine's zone"), "\(given.stderr)")
        }
    }
}
