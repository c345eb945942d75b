import ArgumentParser

/// The states `cooldown --state` keeps: SPEC's `state` values of a cooldown row.
enum CooldownState: String, ExpressibleByArgument, CaseIterable {
    case cooldown
    case connected
}
