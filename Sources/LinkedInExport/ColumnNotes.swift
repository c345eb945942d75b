/// The notes on a header's columns that are not read: unknown ones, and ones written twice.
public enum ColumnNotes {
    /// One line per kind of note, without the file name.
    ///
    /// `ignored unknown column "Invitation Type"`, `duplicate column "Direction": the first is read`.
    public static func lines(unknown: [String], duplicates: [String]) -> [String] {
        var lines: [String] = []
        if !unknown.isEmpty {
            lines.append("ignored unknown column\(unknown.count == 1 ? "" : "s") " + unknown.map(quoted).joined(separator: ", "))
        }
        if !duplicates.isEmpty {
            lines.append("duplicate column\(duplicates.count == 1 ? "" : "s") " + duplicates.map(quoted).joined(separator: ", ")
                + ": the first \(duplicates.count == 1 ? "is" : "of each is") read")
        }
        return lines
    }

    private static func quoted(_ name: String) -> String { "\"\(name)\"" }
}
