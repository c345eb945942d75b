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

    /// ` --name VALUE`, quoted, or ` --name=VALUE` when the value starts with `-`, which would read as an option (review 71).
    static func option(_ name: String, _ value: String) -> String {
        value.hasPrefix("-") ? " --\(name)=\(quoted(value))" : " --\(name) \(quoted(value))"
    }

    /// A file named as a command's argument, quoted; `./` before a relative name that starts with `-` (else an option).
    static func path(_ path: String) -> String {
        quoted(path.hasPrefix("-") && path != "-" ? "./" + path : path)
    }
}
