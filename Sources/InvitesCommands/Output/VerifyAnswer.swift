import Ledger
import LinkedInExport

/// `verify`'s answer on standard output in JSON or CSV, for a sound ledger and for a failed check alike.
///
/// SPEC §3: `{"ok": true, "events", "position", "hash"}` or `{"ok": false, "position", "error"}`;
/// the CSV has the union of those columns, so one header fits both. A table says it in a sentence
/// instead (nil here). One place writes both, so that the answer a fault prints (`StorageFaultGuard`)
/// keeps the columns of the answer a finished check prints.
enum VerifyAnswer {
    /// The answer for `result` in `format`, newline included; nil for a table.
    static func text(_ result: VerificationResult, format: OutputFormat) -> String? {
        switch (format, result) {
        case (.table, _):
            return nil
        case (.json, .ok(let events, let position, let hash)):
            return JSONValue.object([("ok", .bool(true)), ("events", .position(events)), ("position", .position(position)),
                                     ("hash", .string(hash.hex))]).text + "\n"
        case (.json, .failed(let position, let error)):
            return JSONValue.object([("ok", .bool(false)), ("position", .position(position)), ("error", .string(error))]).text + "\n"
        case (.csv, .ok(let events, let position, let hash)):
            return header + CSVWriter.row(["true", String(events), String(position), hash.hex, nil])
        case (.csv, .failed(let position, let error)):
            return header + CSVWriter.row(["false", nil, String(position), nil, error])
        }
    }

    private static let header = CSVWriter.row(["ok", "events", "position", "hash", "error"])
}
