/// A row of an export file that could not be used, with where it is and why.
public struct ExportRowProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file name (last path component) the row came from.
    public let file: String
    /// The 1-based physical line where the row's record starts, counting any preamble lines.
    public let line: Int
    /// Why the row was skipped, in plain English.
    public let reason: String

    /// Creates a problem report.
    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`.
    public var description: String { "\(file):\(line): \(reason)" }
}
