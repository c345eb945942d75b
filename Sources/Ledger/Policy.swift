/// The ledger's send policy (SPEC §1): advice for `check` and `send`, and the note limit for appends.
public struct Policy: Equatable, Sendable {
    /// Age at which `expire --due` expires a pending invitation (`expire_after`, default 26w).
    public var expireAfter: TimeSpan = .days(182)
    /// How long after a withdraw the pair may not be invited again (`cooldown_after_withdraw`, default 3w).
    public var cooldownAfterWithdraw: TimeSpan = .days(21)
    /// How long after an expiry the pair may not be invited again (`cooldown_after_expire`, default 3w).
    public var cooldownAfterExpire: TimeSpan = .days(21)
    /// The most pending invitations one account may hold (`pending_cap`, default 500).
    public var pendingCap: Int = 500
    /// The most `sent` per account in any 7 days ending at the send (`weekly_cap`, default 100).
    public var weeklyCap: Int = 100
    /// The longest note an append accepts, in Unicode scalars (`note_limit`, default 300).
    public var noteLimit: Int = 300
    /// Each duration as `set` was given it (`21d`), by key: shown and stored so while it still says the value.
    private var spelledDurations: [String: String] = [:]

    /// The defaults of SPEC §1.
    public init() {}

    /// When an invitation sent at `sentAt` runs out: sent_at + expire_after, SPEC's `expires_at`.
    @inlinable
    public func expiresAt(sentAt: Timestamp) -> Timestamp { sentAt + expireAfter }

    /// Whether an invitation sent at `sentAt` and still pending is overdue at `now` (now ≥ `expires_at`): what `expire --due` expires.
    ///
    /// The one rule for every place that asks (SPEC §3: `overdue` is now ≥ `expires_at`, and
    /// `expire --due` takes those with sent_at + expire_after ≤ now): check, pending, send's advice,
    /// `expire --due` and a LinkedIn import's closing of an invitation sent again (audit 117 F19).
    @inlinable
    public func isOverdue(sentAt: Timestamp, at now: Timestamp) -> Bool { now >= expiresAt(sentAt: sentAt) }

    /// The keys in the order SPEC lists them.
    public static let keys = ["expire_after", "cooldown_after_withdraw", "cooldown_after_expire",
                              "pending_cap", "weekly_cap", "note_limit"]

    /// The value of `key` as shown to users: a duration as it was set (`21d`, `36h`; `26w` by default), a number (`500`).
    ///
    /// SPEC shows the policy without saying in which form, and writes durations as users type
    /// them: `21d` stays `21d`, not `3w`. A duration whose spelling no longer says its value (the
    /// field changed in code) is shown in its shortest form.
    public func value(of key: String) -> String? {
        guard let span = duration(of: key) else { return number(of: key) }
        return spelling(of: key, span)
    }

    /// `expire_after` as it was set (`36h`, not `1d12h`): what a message quoting it says, as `policy` shows it (audit 156).
    public var expireAfterAsSet: String { spelling(of: "expire_after", expireAfter) }

    /// The duration `span` of `key` as it was set, while that spelling still says it; else its shortest form.
    private func spelling(of key: String, _ span: TimeSpan) -> String {
        if let spelled = spelledDurations[key], TimeSpan(spelled) == span { return spelled }
        return span.description
    }

    /// The duration `key` names, nil for a key that is not a duration.
    public func duration(of key: String) -> TimeSpan? {
        switch key {
        case "expire_after": expireAfter
        case "cooldown_after_withdraw": cooldownAfterWithdraw
        case "cooldown_after_expire": cooldownAfterExpire
        default: nil
        }
    }

    /// The number `key` names as text, nil for a key that is not a number.
    private func number(of key: String) -> String? {
        switch key {
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
            guard let duration = TimeSpan(text) else {
                throw PolicyError("\(key): \(TimeSpan.refusal(text, hint: " (write e.g. 26w, 3w, 1w2d, 36h)"))")
            }
            switch key {
            case "expire_after": expireAfter = duration  // 0 too: every pending invitation is then due at once
            case "cooldown_after_withdraw": cooldownAfterWithdraw = duration
            default: cooldownAfterExpire = duration
            }
            spelledDurations[key] = text
        case "pending_cap", "weekly_cap", "note_limit":
            // Digits only, as the message says: `Int` alone also takes a sign (`+5`), which durations do not (audit 78 F2).
            guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text), number <= 1_000_000_000 else {
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

    /// The settings whose values differ from SPEC's defaults, as `policy --set` takes them (`note_limit=500`), in SPEC's order.
    ///
    /// `21d` is the default `3w` written otherwise: not a difference.
    public var settingsApartFromDefaults: [String] {
        let defaults = Policy()
        return Policy.keys.compactMap { key in
            guard let value = value(of: key) else { return nil }
            let same = duration(of: key).map { $0 == defaults.duration(of: key) } ?? (value == defaults.value(of: key))
            return same ? nil : "\(key)=\(value)"
        }
    }

    /// The stored form: one `key=value` per line.
    var stored: String {
        Policy.keys.compactMap { key in value(of: key).map { "\(key)=\($0)" } }.joined(separator: "\n")
    }

    /// Reads the stored form; unknown keys (from a newer build) are ignored, a key left out keeps its default.
    ///
    /// A known key whose value does not read, or a line that is not `key=value`, is damage:
    /// falling back to the default would silently change the caps and cooldowns `send` enforces.
    init(stored: String) throws(StorageError) {
        var damaged: [String] = []
        self.init(stored: stored, damaged: &damaged)
        guard !damaged.isEmpty else { return }
        let keys = damaged.filter(Self.keys.contains)
        let what = damaged.map { Self.keys.contains($0) ? "\($0) does not read" : $0 }.joined(separator: "; ")
        let command = keys.isEmpty ? "--set KEY=VALUE" : keys.map { "--set \($0)=VALUE" }.joined(separator: " ")
        throw StorageError("the stored policy is damaged (\(what)); `invites policy \(command)` writes it again")
    }

    /// Reads the stored form as far as it reads: `damaged` gets each known key whose value does not, and each line that is not `key=value`.
    ///
    /// Every build stores every key it knows, so beside a line that is not `key=value` (a key cut
    /// short, `note_li`) a known key left out is one that line may have held: it is damaged too,
    /// and a `policy --set` of another key does not put it back to its default unasked (review 62 L2).
    init(stored: String, damaged: inout [String]) {
        var read: Set<String> = []
        var malformed = false
        for line in stored.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                damaged.append("a line reads \"\(line)\"")
                malformed = true
                continue
            }
            let key = String(parts[0])
            guard Self.keys.contains(key) else { continue }
            read.insert(key)
            do throws(PolicyError) { try set(key, to: String(parts[1])) } catch { damaged.append(key) }
        }
        if malformed { damaged += Self.keys.filter { !read.contains($0) } }
    }
}

/// A policy key or value that was not accepted.
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    /// What is wrong with the key or value, and what to write instead.
    public let description: String
    init(_ description: String) { self.description = description }
}
