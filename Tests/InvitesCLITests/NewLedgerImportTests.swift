import Foundation
import Testing

/// A first import into a path with no ledger: the ledger appears there only when the batch commits.
@Suite struct NewLedgerImportTests {
    static let good = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
    static let bad = #"{"type":"bogus","at":"2026-01-01T00:00:00Z"}"#

    /// What the folder holding the ledger path contains, by name.
    static func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aRefusedImportLeavesNothingAtAMissingPath() throws {
        try withTemporaryLedger { db, folder in
            let run = try invites(["import", "-", "--db", db], input: Self.good + "\n" + Self.bad + "\n")
            #expect(run.status == 1 && run.stderr.contains("nothing was written"), "\(run.stderr)")
            let left = try Self.names(in: folder)
            #expect(left.isEmpty, "left behind: \(left)")

            let committed = try invites(["import", "-", "--db", db, "--format", "json"], input: Self.good + "\n")
            #expect(committed.status == 0 && committed.object["appended"] as? Int == 1, "\(committed.stderr)")
            #expect(try Self.names(in: folder) == ["ledger"])
            #expect(try invites(["verify", "--db", db]).status == 0)
        }
    }

    /// A path that climbs with `..` is staged beside the path, in the folder the path names (review 15):
    /// normalising `../sub/ledger` had dropped the `..`, staged in the current folder, or, when that
    /// named no folder, imported in place.
    @Test func aPathWithDotDotIsStagedBesideIt() throws {
        try withTemporaryLedger { _, folder in
            let work = folder.appendingPathComponent("work"), sub = folder.appendingPathComponent("sub")
            for made in [work, sub] { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: false) }
            let refused = try invites(["import", "-", "--db", "../sub/ledger"], input: Self.good + "\n" + Self.bad + "\n", cwd: work)
            #expect(refused.status == 1, "\(refused.stderr)")
            let (leftInSub, leftInWork) = (try Self.names(in: sub), try Self.names(in: work))
            #expect(leftInSub.isEmpty && leftInWork.isEmpty, "left: \(leftInSub) \(leftInWork)")
            let committed = try invites(["import", "-", "--db", "../sub/ledger"], input: Self.good + "\n", cwd: work)
            #expect(committed.status == 0, "\(committed.stderr)")
            #expect(try Self.names(in: sub) == ["ledger"] && Self.names(in: work).isEmpty)
            #expect(try invites(["verify", "--db", sub.appendingPathComponent("ledger").path]).status == 0)
        }
    }

    /// An existing folder (empty, a mount point, a symlink) is written in place: it keeps its owner and mode.
    @Test func anExistingEmptyFolderIsWrittenInPlace() throws {
        try withTemporaryLedger { db, folder in
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
            #expect(try invites(["import", "-", "--db", db], input: Self.good + "\n").status == 0)
            let mode = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? Int
            #expect(mode == 0o750)
            #expect(try Self.names(in: folder) == ["ledger"])
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 1)
        }
    }

    /// A killed import's folder is removed by the next import beside it, whether or not that import
    /// is a first one; a folder whose process is alive, or which is locked, is kept.
    @Test func aFolderLeftByAKilledImportIsRemovedOnceItsProcessIsGone() throws {
        try withTemporaryLedger { db, folder in
            // A process that has exited: its pid names no process now.
            let finished = Process()
            finished.executableURL = URL(fileURLWithPath: "/bin/true")
            try finished.run()
            finished.waitUntilExit()
            let dead = finished.processIdentifier
            let abandoned = folder.appendingPathComponent(".ledger.new-\(dead)-1f2e")
            let live = folder.appendingPathComponent(".ledger.new-\(getpid())-3a4b")
            // A dead pid but a held lock: an import running in another pid namespace.
            let elsewhere = folder.appendingPathComponent(".ledger.new-\(dead)-5c6d")
            for stale in [abandoned, live, elsewhere] {
                try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: false)
                try Data("x".utf8).write(to: stale.appendingPathComponent("data.mdb"))
            }
            let lock = open(elsewhere.path, O_RDONLY | O_DIRECTORY)
            defer { close(lock) }
            #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
            #expect(try invites(["send", "--account", "A", "--to", "r0", "--db", db]).status == 0)
            #expect(try invites(["import", "-", "--db", db], input: Self.bad + "\n").status == 1)
            let left = try Self.names(in: folder)
            #expect(left == [live.lastPathComponent, elsewhere.lastPathComponent, "ledger"].sorted(), "\(left)")
        }
    }

    /// A first import longer than a chunk (`BatchCommits.chunkEvents`: it commits as it goes, in its own
    /// folder) leaves the ledger an import in one transaction leaves: the same events, chain links
    /// apart (they cover the time of recording), the same projections, and a chain that verifies.
    @Test func aFirstImportInChunksStoresWhatAnImportInPlaceStores() throws {
        try withTemporaryLedger { db, folder in
            let workload = try generateWorkload(events: 66_000, seed: 5, in: folder)
            let inPlace = folder.appendingPathComponent("in-place").path
            try FileManager.default.createDirectory(atPath: inPlace, withIntermediateDirectories: false)
            for path in [db, inPlace] {
                let run = try invites(["import", workload.path, "--db", path, "--format", "json"])
                #expect(run.status == 0 && run.object["appended"] as? Int == 66_000, "\(run.stderr)")
                #expect(try invites(["verify", "--db", path]).status == 0)
            }
            /// The export without what the time of recording changes.
            func events(_ path: String) throws -> [String] {
                try invites(["export", "--db", path]).stdout.split(separator: "\n").map { line in
                    var line = String(line)
                    for member in [#""hash":""#, #""recorded_at":""#] {
                        if let start = line.range(of: member), let end = line[start.upperBound...].range(of: #"","#) {
                            line.removeSubrange(start.lowerBound..<end.upperBound)
                        }
                    }
                    return line
                }
            }
            let (exported, expected) = (try events(db), try events(inPlace))
            #expect(exported.count == 66_000 && exported == expected)
            for query in [["pending"], ["metrics", "--by", "source"], ["cooldown"]].map({ $0 + ["--now", "2029-01-01T00:00:00Z", "--format", "json"] }) {
                let (answer, expected) = (try invites(query + ["--db", db]).stdout, try invites(query + ["--db", inPlace]).stdout)
                #expect(answer.count > 100 && answer == expected, "\(query)")
            }
        }
    }

    /// A first import killed after a chunk committed leaves nothing at `--db`, and the next import
    /// removes its folder: the committed chunks are never seen as a ledger.
    @Test func aFirstImportKilledAfterAChunkLeavesNothing() throws {
        try withTemporaryLedger { db, folder in
            let workload = try generateWorkload(events: 70_000, seed: 6, in: folder)
            let importing = try startInvites(["import", workload.path, "--db", db])
            defer { killIfRunning(importing) }
            // The hidden folder's file passes 4 MiB once the first chunk (65,536 events, ≈ 7 MB) is committing.
            var staged: URL?
            for _ in 0..<2_000 where importing.isRunning {
                if let name = try Self.names(in: folder).first(where: { $0.hasPrefix(".ledger.new-") }) {
                    let file = folder.appendingPathComponent(name).appendingPathComponent("data.mdb")
                    let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                    if size > 4 << 20 {
                        staged = file.deletingLastPathComponent()
                        break
                    }
                }
                usleep(5_000)
            }
            killIfRunning(importing)
            importing.waitUntilExit()
            if staged != nil, importing.terminationReason == .uncaughtSignal {
                #expect(!FileManager.default.fileExists(atPath: db), "a killed first import left a ledger at --db")
            } else {
                #expect(try invites(["verify", "--db", db]).status == 0)  // it finished first
            }
            let next = try invites(["import", "-", "--db", db, "--skip-invalid"], input: Self.good + "\n")
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try invites(["verify", "--db", db]).status == 0)
            let left = try Self.names(in: folder)
            #expect(left == ["ledger", workload.lastPathComponent].sorted(), "\(left)")
        }
    }

    /// A first import stopped by a signal it can catch (Ctrl-C, `kill`, a closed terminal) removes
    /// its hidden folder as it ends, instead of leaving it to the next import beside it.
    @Test(arguments: [SIGINT, SIGTERM])
    func aFirstImportInterruptedRemovesItsFolder(signal: Int32) throws {
        try withTemporaryLedger { db, folder in
            let workload = try generateWorkload(events: 70_000, seed: 7, in: folder)
            let importing = try startInvites(["import", workload.path, "--db", db])
            defer { killIfRunning(importing) }
            // The hidden folder comes first, with LMDB's files; the import then runs for a second or more.
            var staged = false
            for _ in 0..<2_000 where importing.isRunning && !staged {
                staged = try Self.names(in: folder).contains { name in
                    name.hasPrefix(".ledger.new-")
                        && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent("lock.mdb").path)
                }
                usleep(5_000)
            }
            usleep(50_000)
            guard staged, importing.isRunning else { return }  // it finished first
            kill(importing.processIdentifier, signal)
            importing.waitUntilExit()
            // It ends by the signal, even when started with signals blocked, as a test's dispatch thread starts it.
            #expect(importing.terminationReason == .uncaughtSignal && importing.terminationStatus == signal)
            let left = try Self.names(in: folder)
            #expect(left == [workload.lastPathComponent], "\(left)")
        }
    }

    /// A send that creates the ledger while the first import builds its own: the import then
    /// appends to that ledger, so nothing is lost and nothing is left beside it.
    @Test func aLedgerMadeMeanwhileGetsTheImportToo() throws {
        try withTemporaryLedger { db, folder in
            let count = 20_000
            let lines = (1...count).map { #"{"type":"sent","account":"A","recipient":"p-\#($0)","at":"2026-01-01T00:00:00Z"}"# }
            let file = folder.appendingPathComponent("in.jsonl")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            let importing = try startInvites(["import", file.path, "--db", db])
            usleep(50_000)
            let send = try invites(["send", "--account", "B", "--to", "q-1", "--at", "2026-01-01T00:00:00Z", "--db", db])
            importing.waitUntilExit()
            #expect(send.status == 0, "\(send.stderr)")
            #expect(importing.terminationStatus == 0)
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == count + 1)
            #expect(try invites(["verify", "--db", db]).status == 0)
            let left = try Self.names(in: folder)
            #expect(left == ["in.jsonl", "ledger"], "\(left)")
        }
    }
}

/// An import answering in a sentence names the invitation it created only when it created one; JSON and CSV list every one.
@Test func anImportListsTheInvitationsItCreatedWhereItPrintsThem() throws {
    try withTemporaryLedger { db, _ in
        let sends = (1...3).map { #"{"type":"sent","account":"A","recipient":"r\#($0)","at":"2026-01-01T00:00:00Z","invitation":"i\#($0)"}"# }
        let one = try invites(["import", "-", "--db", db], input: sends[0] + "\n")
        #expect(one.status == 0 && one.stdout.contains("; invitation i1"), "\(one.stdout)")
        let two = try invites(["import", "-", "--db", db], input: sends[1] + "\n" + sends[2] + "\n")
        #expect(two.status == 0 && two.stdout.hasPrefix("appended 2 ") && !two.stdout.contains("invitation"), "\(two.stdout)")
        let more = (4...6).map { #"{"type":"sent","account":"A","recipient":"r\#($0)","at":"2026-01-01T00:00:00Z","invitation":"i\#($0)"}"# }
        let json = try invites(["import", "-", "--db", db, "--format", "json"], input: more.joined(separator: "\n") + "\n")
        #expect(json.object["invitations"] as? [String] == ["i4", "i5", "i6"])
        let csv = try invites(["import", "-", "--db", db, "--format", "csv"],
                              input: #"{"type":"sent","account":"A","recipient":"r7","at":"2026-01-01T00:00:00Z","invitation":"i7"}"# + "\n"
                                + #"{"type":"sent","account":"A","recipient":"r8","at":"2026-01-01T00:00:00Z","invitation":"i8"}"# + "\n")
        #expect(csv.stdout.contains("i7 i8"), "\(csv.stdout)")
    }
}
