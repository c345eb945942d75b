import Foundation
import Testing

/// `status` on a projection another version of invites built: said in the table, the JSON's shape kept, rebuilt by the next query.
@Suite struct StatusOtherVersionTests {
    /// A projection whose stored version is another build's is named so, with what the next query does, and that query rebuilds it (audit 107 F17).
    ///
    /// The stored state is generation (1 byte), version (4 bytes, big-endian), checkpoint; the next
    /// version stands for a build of another format. The JSON keeps SPEC's shape: the position stays the
    /// checkpoint and the lag is counted from it, the note is the table's alone. Each projection
    /// is named as the query that answers from it.
    @Test(arguments: ["pending", "cooldown", "metrics"])
    func aProjectionOfAnotherVersionIsSaidAndRebuiltByTheNextQuery(projection: String) throws {
        let query = projection
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","invitation":"i1","account":"a","recipient":"r1","at":"2026-01-01T09:00:00Z"}
            {"type":"withdrawn","invitation":"i1","at":"2026-01-02T09:00:00Z"}

            """
            try #require(try invites(["import", "-", "--db", db], input: lines).status == 0)
            try #require(try invites([query, "--db", db]).status == 0)
            let key = Array(projection.utf8)
            var state = try #require(try LogTampering.value(ofKey: key, in: "proj.meta", ledger: db))
            let version = Array(state[1..<5])
            let next = version.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } + 1
            state.replaceSubrange(1..<5, with: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: next >> $0) })
            try LogTampering.setValue(state, ofKey: key, in: "proj.meta", ledger: db)

            let table = try invites(["status", "--db", db])
            #expect(table.status == 0, "\(table.stderr)")
            let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("projection \(projection) ") }, "\(table.stdout)")
            #expect(row.hasSuffix("position 2, lag 0; built by another version of invites, so the next query rebuilds it"), "\(row)")
            let others = table.stdout.split(separator: "\n").filter { $0.hasPrefix("projection ") && !$0.hasPrefix("projection \(projection) ") }
            #expect(others.count == 2 && others.allSatisfy { $0.hasSuffix("position 2, lag 0") }, "\(table.stdout)")

            let json = try invites(["status", "--db", db, "--format", "json"])
            #expect(Set(json.object.keys) == ["events", "position", "hash", "projections", "policy", "bytes"], "\(json.stdout)")
            let projections = try #require(json.object["projections"] as? [[String: Any]], "\(json.stdout)")
            #expect(projections.map { Set($0.keys) } == Array(repeating: ["name", "position", "lag"], count: 3), "\(json.stdout)")
            #expect(projections.map { $0["name"] as? String } == ["pending", "cooldown", "metrics"])
            #expect(projections.allSatisfy { $0["position"] as? Int == 2 && $0["lag"] as? Int == 0 }, "\(json.stdout)")

            #expect(try invites([query, "--db", db]).status == 0)
            let rebuilt = try #require(try LogTampering.value(ofKey: key, in: "proj.meta", ledger: db))
            #expect(Array(rebuilt[1..<5]) == version, "the query rebuilt it with this build's version")
            let after = try invites(["status", "--db", db]).stdout
            #expect(!after.contains("another version"), "\(after)")
            #expect(after.contains("projection \(projection)") && after.split(separator: "\n")
                .filter { $0.hasPrefix("projection ") }.allSatisfy { $0.hasSuffix("position 2, lag 0") }, "\(after)")
            #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
        }
    }
}
