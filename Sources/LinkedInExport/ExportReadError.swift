/// A whole-file failure: the file is missing, unreadable, not UTF-8, or not a recognisable export.
public struct ExportReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing exists at the path.
        case missingFile
        /// The file exists but could not be read.
        case unreadable(String)
        /// The bytes are not valid UTF-8.
        case notUTF8
        /// No record near the top looks like the header the file needs; `expected` names the columns.
        case noRecognisableHeader(expected: String)
        /// The path is a folder (or file) holding neither Invitations.csv nor Connections.csv.
        case noExportFiles
    }

    /// What went wrong.
    public let kind: Kind
    /// The path or file name concerned.
    public let path: String

    /// Creates an error.
    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// A one-line message for the user.
    public var description: String {
        switch kind {
        case .missingFile:
            return "\(path): no such file or folder"
        case .unreadable(let why):
            return "\(path): cannot be read (\(why))"
        case .notUTF8:
            return "\(path): not UTF-8 text"
        case .noRecognisableHeader(let expected):
            return "\(path): no recognisable header row (expected the columns \(expected))"
        case .noExportFiles:
            return "\(path): neither Invitations.csv nor Connections.csv found"
        }
    }
}
