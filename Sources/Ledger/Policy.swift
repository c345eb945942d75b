/// The ledger's send policy (SPEC §1): advice for `check` and `send`, and the note limit for appends.
public struct Policy: Equatable, Sendable {
    public var expireAfter: Duration = .days(182)
    public var cooldownAfterWithdraw: Duration = .days(21)
    public var cooldownAfterExpire: Duration = .days(21)
    public var pendingCap: Int = 500
    public var weeklyCap: Int = 100
    public var noteLimit: Int = 300

    /// The defaults of SPEC §1.
    public init() {}

    /// The keys in the order SPEC lists them.
    public static let keys = ["expire_after", "cooldown_after_withdraw", "cooldown_after_expire",
                              "pending_cap", "weekly_cap", "note_limit"]

    /// The value of `key` as shown to users (`26w`, `500`).
    public func value(of key: String) -> String? {
        switch key {
        case "expire_after": expireAfter.description
        case "cooldown_after_withdraw": cooldownAfterWithdraw.description
        case "cooldown_after_expire": cooldownAfterExpire.description
        case "pending_cap": String(pendingCap)
        case "weekly_cap": String(weeklyCap)
        case "note_limit": String(noteLimit)
        default: nil
        }
    }

    /// Sets `key` from its text form; throws a message saying what to type instead.
    public mutating func set(_ key: String, to text: String) throws(PolicyError) {
        switch key {
        case "expire_after", "cooldown_after_withdraw", "cooldown_after_expire":
            guard let duration = Duration(text) else {
                throw PolicyError("\(key): \"\(text)\" is not a duration (write e.g. 26w, 3w, 1w2d, 36h)")
            }
            switch key {
            case "expire_after":
                guard duration.milliseconds > 0 else { throw PolicyError("expire_after must be longer than zero") }
                expireAfter = duration
            case "cooldown_after_withdraw": cooldownAfterWithdraw = duration
            default: cooldownAfterExpire = duration
            }
        case "pending_cap", "weekly_cap", "note_limit":
            guard let number = Int(text), number >= 0, number <= 1_000_000_000 else {
                throw PolicyError("\(key): \"\(text)\" is not a whole number from 0 to 1000000000")
            }
            switch key {
            case "pending_cap": pendingCap = number
            case "weekly_cap": weeklyCap = number
            default: noteLimit = number
            }
        default:
            throw PolicyError("unknown policy key \"\(key)\" (keys: \(Policy.keys.joined(separator: ", ")))")
        }
    }

    /// The stored form: one `key=value` per line.
    var stored: String {
        Policy.keys.compactMap { key in value(of: key).map { "\(key)=\($0)" } }.joined(separator: "\n")
    }

    /// Reads the stored form; unknown keys (from a newer build) are ignored.
    init(stored: String) {
        for line in stored.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            try? set(String(parts[0]), to: String(parts[1]))
        }
    }
}

/// A policy key or value that was not accepted.
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
