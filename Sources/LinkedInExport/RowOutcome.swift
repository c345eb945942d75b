/// Either a value read from a row, or the problem that made the row unusable.
enum RowOutcome<Value> {
    case value(Value)
    case problem(ExportRowProblem)

    /// Continues with the value, keeping a problem as it is.
    func then<Next>(_ next: (Value) -> RowOutcome<Next>) -> RowOutcome<Next> {
        switch self {
        case .value(let value): return next(value)
        case .problem(let problem): return .problem(problem)
        }
    }
}
