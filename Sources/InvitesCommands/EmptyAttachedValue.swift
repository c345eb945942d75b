/// Reads `--rejects=` (an option with `=` and nothing after it) as the option given an empty value.
///
/// The argument parser took the next word as the value instead: `import --skip-invalid
/// --rejects= in.jsonl` wrote the refused lines over `in.jsonl` and read standard input
/// (audit 142), `pending --source= acct` filtered on `acct`. A script writes `--rejects=$FILE`
/// with `FILE` unset; split into `--rejects` and an empty word, it meets the checks an empty
/// value meets everywhere (`--rejects ""`: a malformed command line, exit 64; an empty optional
/// text of an event: absent, SPEC §2). Words after `--` are arguments, and are left as they are.
enum EmptyAttachedValue {
    /// `arguments` with each `--name=` before a `--` split into `--name` and `""`.
    static func separated(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.count > 3, argument.hasPrefix("--"), argument.hasSuffix("="), argument.dropFirst(2).dropLast().allSatisfy({ $0 != "=" }) {
                result += [String(argument.dropLast()), ""]
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
