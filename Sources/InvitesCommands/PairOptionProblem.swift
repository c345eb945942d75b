import Ledger

/// Why an `--account` (and `--to`) given on the command line could be in no event, named by its option, or nil.
///
/// `EventValidation.pairProblem` names the event's fields (`"account"`); a command line is told
/// of its options (`--account`, `--to`).
func pairOptionProblem(account: String, recipient: String) -> String? {
    EventValidation.pairProblem(account: account, recipient: recipient).map {
        $0.replacingOccurrences(of: "\"account\"", with: "--account").replacingOccurrences(of: "\"recipient\"", with: "--to")
    }
}
