/// Text written into a command line a hint suggests, quoted for a POSIX shell when it needs to be.
///
/// Ids come from clients and may hold spaces, quotes or `;`: pasted unquoted, such a hint would
/// run something else.
enum ShellWord {
    /// `text` as it is when it holds only characters a shell takes literally, else in single quotes.
    static func quoted(_ text: String) -> String {
        let literal = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._:@/+-=,%".unicodeScalars.contains(scalar))
        }
        return literal ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
