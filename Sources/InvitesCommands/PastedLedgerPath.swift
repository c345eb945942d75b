import Ledger

/// A ledger path as a copy-paste leaves it: blanks around it (`" ./ledger"`), a line break or another control character in it (`"ledger\n"`).
///
/// Taken as written, such a path names another folder than the one meant, and the first write
/// made a new ledger there in silence (audit 115 F9): a malformed command line instead, unless
/// something is already at exactly that path (a ledger, a folder made so on purpose), which is
/// then used as it is. Asked only by the commands that open a ledger (`LedgerCommand`).
enum PastedLedgerPath {
    /// Why `path`, given as `source` (`--db`, `INVITES_DB`), is refused, or nil: none of these, or something is at exactly that path.
    static func problem(_ path: String, givenAs source: String) -> String? {
        let scalars = Array(path.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return nil }
        let isBlank = { (scalar: Unicode.Scalar) in scalar.properties.isWhitespace }
        var faults: [String] = []
        if isBlank(first) { faults.append("begins with \(name(first))") }
        if isBlank(last), scalars.count > 1 { faults.append("ends with \(name(last))") }
        let core = scalars.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
        if let control = core.first(where: Table.isControlOrLineSeparator) { faults.append("holds \(name(control))") }
        // A folder (or anything) already at exactly that path was made so on purpose: only a path that names nothing yet is refused (review 120).
        guard !faults.isEmpty, PathKind.of(path) == .missing else { return nil }
        let meant = String(String.UnicodeScalarView(scalars.drop(while: isStray).reversed().drop(while: isStray).reversed()))
        let remedy = meant.isEmpty || meant.unicodeScalars.contains(where: Table.isControlOrLineSeparator)
            ? "remove \(faults.count == 1 ? "it" : "them")"
            : source == "--db" ? "write" + ShellWord.option("db", meant) : "set INVITES_DB=" + ShellWord.quoted(meant)
        return "\(source) \(Console.oneLine(JSONText.quoted(path))) \(faults.joined(separator: " and ")), and nothing is at exactly "
            + "that path: a path copied with what was around it names another folder, where a new ledger would be made; \(remedy)"
    }

    /// Whether `scalar` is one a copy-paste leaves at a path's ends: white space or a control character.
    private static func isStray(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || Table.isControlOrLineSeparator(scalar)
    }

    /// `a space`, `a tab`, `a line break (\n)`, `a control character (U+0007)`, `a blank (U+00A0)`.
    private static func name(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n": return "a line break (\\n)"
        case "\r": return "a carriage return (\\r)"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return Table.isControlOrLineSeparator(scalar) ? "a control character (\(code))" : "a blank (\(code))"
        }
    }
}
