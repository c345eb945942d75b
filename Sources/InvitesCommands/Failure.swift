import ArgumentParser
import LMDB
import Ledger
import Projections

/// A failed request: printed as `invites: <code>: <message>` and exit 1 (or 3 for a policy refusal).
struct Failure: Error, CustomStringConvertible {
    let code: String
    let message: String
    var exitCode: Int32 = 1

    var description: String { "\(code): \(message)" }

    init(_ code: String, _ message: String, exitCode: Int32 = 1) {
        self.code = code
        self.message = message
        self.exitCode = exitCode
    }

    init(_ rejection: Rejection) {
        self.init(rejection.code.rawValue, rejection.message)
    }
}

/// Runs a command body, turning failures into SPEC §3's error line and exit code.
///
/// `options` names the ledger as the command was given it, for the commands an error suggests.
func reportingFailures(_ options: LedgerOptions, _ body: () throws -> Void) throws {
    // Notes the answer's first bytes did not take out come last: after a refusal's error line (`Console.note`).
    defer { Console.flushNotes() }
    do {
        try body()
        Console.flush()
        if let reason = Console.outputFailure, !reason.isEmpty {
            let recorded = Console.writtenBeforeOutput.map { " (\($0) all the same)" } ?? ""
            throw Failure("error", "writing the output failed: \(reason)\(recorded)")
        }
    } catch let failure as Failure {
        Console.error("invites: \(failure.code): \(failure.message)")
        // A refusal whose answer (a refused `send`'s verdict as JSON) could not be written says that too, exit 1, as `check`'s does.
        Console.flush()
        if failure.exitCode != 1, let reason = Console.outputFailure, !reason.isEmpty {
            Console.error("invites: error: writing the output failed: \(reason)")
            throw ExitCode(1)
        }
        throw ExitCode(failure.exitCode)
    } catch let mismatch as ChainMismatch {
        Console.error("invites: verification_failed: \(mismatch)")
        throw ExitCode(1)
    } catch let damage as ProjectionError {
        // The projections are derived from the log, so damage to them is always repairable.
        let names = damage.projection ?? "pending cooldown metrics"
        let replays = damage.projection == nil ? "into fresh projections" : "into a fresh one"
        Console.error("invites: error: \(damage) (`invites rebuild \(names)\(options.dbArgument)` replays the log \(replays))")
        throw ExitCode(1)
    } catch let rejection as Rejection {
        Console.error("invites: \(rejection.code.rawValue): \(rejection.message)")
        throw ExitCode(1)
    } catch let exit as ExitCode {
        Console.flush()
        // An answer that could not be written is said whatever it was (audit 115 F6: a refused `check` exited 3 in silence).
        if let reason = Console.outputFailure, !reason.isEmpty {
            Console.error("invites: error: writing the output failed: \(reason)")
            throw ExitCode(1)
        }
        throw exit
    } catch let damage as LMDBError where damage.isDamagedPage {
        // Said as what it means, not only as LMDB's code (audit 80 F1).
        Console.error("invites: error: the ledger's data file is damaged (\(damage)): restore data.mdb from a backup, or import an "
            + "export into a fresh ledger")
        throw ExitCode(1)
    } catch {
        Console.error("invites: error: \(error)")
        throw ExitCode(1)
    }
}
