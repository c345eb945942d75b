import ArgumentParser

/// The states `cooldown --state` keeps: SPEC's `state` values of a cooldown row.
enum CooldownState: String, ExpressibleByArgument, CaseIterable {
    case cooldown
    case connected

    /// A state named in any case (`--state Connected`), as `--format` is.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
