import ArgumentParser

extension OutputFormat: ExpressibleByArgument {
    /// A format named in any case (`--format CSV`), as a user who types it from a spreadsheet's menu would.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
