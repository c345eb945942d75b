import Foundation
import Ledger

/// The read-side cases that need only the log: verify, and the raw scan that bounds rebuild.
enum ReadCases {
    /// `Ledger.verify()` over the imported ledger: decode, complete, canonical JSON, SHA-256 chain, Merkle tree.
    static func verifyCase(_ context: Context) throws -> [Measurement] {
        guard let path = context.importedLedger else { throw ChildProcess.Failure(description: "verify needs the import case") }
        var options = Ledger.Options()
        options.create = false
        let ledger = try Ledger.open(at: path, options: options)
        var seconds: [Double] = []
        var count = 0
        for run in 1...context.repeats {
            log("verify invites run \(run)/\(context.repeats)")
            var result: VerificationResult?
            seconds.append(try timed { result = try ledger.verify() })
            guard case .ok(let events, _, _) = result else {
                throw ChildProcess.Failure(description: "verify failed: \(String(describing: result))")
            }
            count = Int(events)
        }
        var row = Measurement(caseName: "verify", system: "invites")
        row.setRates(events: count, seconds: seconds)
        return [row]
    }

    /// A bare LMDB cursor walk over the imported ledger's log: the floor under any replay.
    static func rawScanCase(_ context: Context) throws -> [Measurement] {
        guard let path = context.importedLedger else { throw ChildProcess.Failure(description: "rebuild needs the import case") }
        let env = try RawLMDB(path: path)
        var seconds: [Double] = []
        var count = 0
        for run in 1...context.repeats {
            log("rebuild lmdb-raw (cursor scan) run \(run)/\(context.repeats)")
            seconds.append(try timed { count = try env.scan().count })
        }
        var row = Measurement(caseName: "rebuild", system: "lmdb-raw")
        row.setRates(events: count, seconds: seconds)
        row.note = "bare cursor scan of the log, no decode"
        return [row]
    }
}
