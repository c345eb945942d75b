/// A whole-file failure: the file is missing, unreadable, not UTF-8, or not a recognisable export.
public struct ExportReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing exists at the path.
        case missingFile
        /// The file exists but could not be read.
        case unreadable(String)
        /// The bytes are not valid UTF-8: the first bad byte and its 1-based line.
        case notUTF8(line: Int, byte: UInt8)
        /// The file is UTF-16 text (it starts with UTF-16's byte order mark): a spreadsheet's "Unicode Text".
        case utf16
        /// The file is UTF-16 text with no byte order mark (every other byte of its start is 0); `littleEndian` says which order.
        case utf16WithoutMark(littleEndian: Bool)
        /// The file is a ZIP archive (the export as LinkedIn mails it), not one of its CSV files.
        case zipArchive
        /// No record near the top looks like the header the file needs.
        ///
        /// `expected` names the columns, `problem` what is wrong with the record closest to it, when one is close.
        case noRecognisableHeader(expected: String, problem: String? = nil)
        /// The path is a folder (or file) holding neither Invitations.csv nor Connections.csv.
        ///
        /// `inside` names folders in it that hold them, and `archives` the ZIP archives in it.
        case noExportFiles(inside: [String] = [], archives: [String] = [])
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
        case .notUTF8(let line, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(path): not UTF-8 text (line \(line) holds the byte 0x\(hex.count == 1 ? "0" : "")\(hex)); LinkedIn writes UTF-8, "
                + "so the file was probably re-saved by a spreadsheet: save it as \"CSV UTF-8\", or use the file from the export"
        case .utf16:
            return "\(path): UTF-16 text (Excel's \"Unicode Text\"), and LinkedIn writes UTF-8: save it as \"CSV UTF-8\", "
                + "convert it (iconv -f UTF-16 -t UTF-8), or use the file from the export"
        case .utf16WithoutMark(let littleEndian):
            return "\(path): UTF-16 text with no byte order mark (every other byte of its start is 0), and LinkedIn writes UTF-8: "
                + "save it as \"CSV UTF-8\", convert it (iconv -f UTF-16\(littleEndian ? "LE" : "BE") -t UTF-8), or use the file from the export"
        case .zipArchive:
            return "\(path): a ZIP archive; unzip it (LinkedIn mails the export zipped) and give the folder, or its Invitations.csv or Connections.csv"
        case .noRecognisableHeader(let expected, let problem):
            return "\(path): no recognisable header row (expected the columns \(expected))" + (problem.map { ": " + $0 } ?? "")
        case .noExportFiles(let inside, let archives):
            let missing = "\(path): neither Invitations.csv nor Connections.csv found"
            if let folder = inside.first {
                // The folder holding the export, as a downloads folder holds it.
                let others = inside.count > 1 ? " (or \(inside.dropFirst().joined(separator: ", ")))" : ""
                return "\(missing); the export is in \(folder)\(others): give that folder"
            }
            if let archive = archives.first {
                return "\(missing); \(archive) is a ZIP archive: unzip it and give the folder it makes"
            }
            return missing
        }
    }
}
