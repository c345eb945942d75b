import ArgumentParser
import Ledger

/// Refuses an option given with nothing in it (`--account ""`), which a script writes when its variable is unset.
///
/// Such a filter would match nothing and the report would silently come back empty, which
/// reads as "nothing pending": a malformed command line instead (exit 64), as for `check`.
func requireNotEmpty(_ value: String?, _ option: String) throws {
    if let value, Identity.trim(value).isEmpty { throw ValidationError("\(option) is empty: give a value, or leave \(option) out") }
}

/// Refuses a path given as the empty word (`import ""`), as a script writes it when its variable is unset (audit 134).
///
/// `what` names the path in the message; `or` says what else to do. An empty path is a
/// malformed command line (exit 64), as an empty `--db` is, not a file that cannot be read.
func requirePathGiven(_ path: String?, _ what: String, or alternative: String) throws {
    if path?.isEmpty == true { throw ValidationError("\(what) is named by an empty word (an unset variable?): name the file, or \(alternative)") }
}
