import ArgumentParser
import Ledger

/// Runs a verb's recording of its one event so that, refused (exit 1), it is also answered on standard output.
///
/// With `--format json` or `csv`, a refused event prints SPEC §3's append object for the call:
/// `{"appended": 0, "duplicates": 0, "rejected": 1, "first_position": null, …}`, as a refused
/// import prints its counts, so that a program reads one shape from every append command
/// (audit 125 F3: a refused `withdraw --format json` printed nothing). The `invites: <code>:`
/// line goes to standard error first, as for a refused `send`'s verdict. A table prints nothing
/// on standard output: the line says it all. Failures that are not a refused event (`error`,
/// a policy refusal, exit 3) pass through as they were.
func answeringRefusal(_ format: OutputFormat, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as Failure where format != .table && failure.exitCode == 1 {
        guard let code = RejectionCode(rawValue: failure.code) else { throw failure }
        try answer(Rejection(code, failure.message), format: format)
    } catch let rejection as Rejection where format != .table {
        try answer(rejection, format: format)
    }
}

/// Writes the refusal's line, then the append object that counts it, and exits 1.
private func answer(_ rejection: Rejection, format: OutputFormat) throws -> Never {
    Console.refusal("invites: \(rejection.code.rawValue): \(rejection.message)")
    var outcome = AppendOutcome()
    outcome.rejections = [(line: 1, rejection: rejection)]
    AppendReport.print(outcome, format: format)
    throw ExitCode(1)
}
