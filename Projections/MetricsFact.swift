import Ledger

/// What the acceptance metrics read of one invitation: its groups, its time, and how it ended.
///
/// The metrics group and count invitations at query time (rates depend on `now`), so the
/// projection keeps one of these per invitation; recipients and ids, which no metric reads,
/// stay out of it.
public struct MetricsFact: Equatable, Sendable, FollowUpFolding {
    /// The position of its `sent`.
    public var sentPosition: UInt64
    /// The interned sending account (`NameTable`).
    public var accountID: UInt32
    /// The interned prospect source.
    public var sourceID: UInt32
    /// The interned note template; nil when sent without one.
    public var templateID: UInt32?
    /// Whether a personal note was sent with it.
    public var hasNote: Bool
    /// When it was sent: its `sent`'s `at`.
    public var sentAt: Timestamp
    /// Where it stands: pending, accepted, withdrawn or expired.
    public var status: InvitationStatus
    /// When it was accepted, withdrawn or expired.
    public var closedAt: Timestamp?
    /// How many times the recipient was reminded of it.
    public var reminders: UInt32

    /// The acceptance time, when accepted.
    public var acceptedAt: Timestamp? { status == .accepted ? closedAt : nil }

    /// The metrics' part of an invitation fact.
    init(_ fact: InvitationFact) {
        sentPosition = fact.sentPosition
        accountID = fact.accountID
        sourceID = fact.sourceID
        templateID = fact.templateID
        hasNote = fact.hasNote
        sentAt = fact.sentAt
        status = fact.status
        closedAt = fact.closedAt
        reminders = fact.reminders
    }

    /// The metrics' part of a folded invitation.
    init(_ folded: FoldedInvitation) {
        sentPosition = folded.sentPosition
        accountID = folded.accountID
        sourceID = folded.sourceID
        templateID = folded.hasTemplate ? folded.templateID : nil
        hasNote = folded.hasNote
        sentAt = folded.sentAt
        status = folded.status
        closedAt = folded.isClosed ? folded.closedAt : nil
        reminders = folded.reminders
    }

    /// Counts a reminder (the metrics keep no time of it).
    mutating func noteReminder(at: Timestamp) {
        if reminders < .max { reminders += 1 }  // held at the top: a damaged stored count must not trap
    }

    /// Closes the invitation with `status` at `at`.
    mutating func close(as status: InvitationStatus, at: Timestamp) {
        self.status = status
        closedAt = at
    }
}

/// Consecutive invitations' metrics facts stored as one value: a block of the metrics database.
///
/// Keyed by its first invitation's sent position (8 bytes, big-endian); a rebuild writes
/// `capacity` facts per block, catch-up appends to the last block until it holds that many.
/// Each fact: flags (status, note, template, closed), then varints — sent position and
/// sent_at as differences from the previous fact's (the first's from zero), account,
/// source, template, closed_at − sent_at, reminders. 64 facts take about 800 bytes, so a
/// block fits a page, and a rebuild appends 1/64 of the entries a record per fact needs.
enum MetricsBlock {
    static let capacity = 64

    /// The byte that starts a fact: its status in the low four bits, then which optional fields follow.
    ///
    /// Not `StoredInvitation.Flags`: a fact here has no explicit id, and `0x40` means closed.
    struct FactFlags: StatusFlags {
        let rawValue: UInt8

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A personal note was sent with it.
        static let hasNote = FactFlags(rawValue: 0x10)
        /// The template's id follows the source's.
        static let hasTemplate = FactFlags(rawValue: 0x20)
        /// Accepted, withdrawn or expired: closed_at − sent_at follows the template.
        static let isClosed = FactFlags(rawValue: 0x40)
    }

    /// The position and sent_at of a fact, which the next fact's bytes are relative to.
    typealias Anchor = (position: UInt64, sentAt: Timestamp)

    /// Appends one fact, `previous` being the fact before it in the block (nil for the first).
    static func encode(_ fact: MetricsFact, after previous: Anchor?, into out: inout StateWriter) {
        var flags = FactFlags(status: fact.status)
        if fact.hasNote { flags.insert(.hasNote) }
        if fact.templateID != nil { flags.insert(.hasTemplate) }
        if fact.closedAt != nil { flags.insert(.isClosed) }
        out.byte(flags.rawValue)
        out.varint(fact.sentPosition &- (previous?.position ?? 0))
        out.signed(fact.sentAt.milliseconds &- (previous?.sentAt.milliseconds ?? 0))
        out.varint(UInt64(fact.accountID))
        out.varint(UInt64(fact.sourceID))
        if let templateID = fact.templateID { out.varint(UInt64(templateID)) }
        if let closedAt = fact.closedAt { out.signed(closedAt.milliseconds &- fact.sentAt.milliseconds) }
        out.varint(UInt64(fact.reminders))
    }

    /// Appends facts in order, as one block's value.
    static func encode(_ facts: some Sequence<MetricsFact>, into out: inout StateWriter) {
        var previous: Anchor?
        for fact in facts {
            encode(fact, after: previous, into: &out)
            previous = (fact.sentPosition, fact.sentAt)
        }
    }

    /// Calls `body` with each fact of a stored block, in order.
    static func decode(_ stored: UnsafeRawBufferPointer, _ body: (MetricsFact) throws -> Void) throws {
        try walk(stored) { fact, _, _ in
            try body(fact)
            return true
        }
    }

    /// Calls `body` with each fact of a stored block, the bytes it takes and the fact before it, until `body` returns false.
    static func walk(_ stored: UnsafeRawBufferPointer,
                     _ body: (MetricsFact, Range<Int>, Anchor?) throws -> Bool) throws {
        var input = StateReader(stored)
        var position: UInt64 = 0
        var sentAt: Int64 = 0
        var previous: Anchor?
        while !input.isAtEnd {
            let start = input.bytesRead
            let flags = FactFlags(rawValue: try input.byte())
            guard let status = flags.status else { throw ProjectionError("unknown invitation status in metrics") }
            position &+= try input.varint()
            sentAt &+= try input.signed()
            let accountID = UInt32(truncatingIfNeeded: try input.varint())
            let sourceID = UInt32(truncatingIfNeeded: try input.varint())
            let templateID = flags.contains(.hasTemplate) ? UInt32(truncatingIfNeeded: try input.varint()) : nil
            let closedAt = flags.contains(.isClosed) ? try StateReader.checked(sentAt &+ (try input.signed())) : nil
            let reminders = UInt32(truncatingIfNeeded: try input.varint())
            let fact = MetricsFact(sentPosition: position, accountID: accountID, sourceID: sourceID, templateID: templateID,
                                   hasNote: flags.contains(.hasNote), sentAt: try StateReader.checked(sentAt), status: status,
                                   closedAt: closedAt, reminders: reminders)
            guard try body(fact, start..<input.bytesRead, previous) else { return }
            previous = (position, fact.sentAt)
        }
    }

    /// Writes `stored` with the fact of the invitation sent at `sentPosition` changed by `change`; false when the block does not hold it.
    ///
    /// For catch-up, once per follow-up. A fact's bytes depend only on the fact before it, whose
    /// position and sent_at a follow-up never changes: the one fact is encoded again and the
    /// bytes around it are copied as they are, instead of decoding and encoding the whole block.
    static func patch(_ stored: UnsafeRawBufferPointer, sentPosition: UInt64, _ change: (inout MetricsFact) -> Void,
                      into out: inout StateWriter) throws -> Bool {
        var found: (fact: MetricsFact, bytes: Range<Int>, previous: Anchor?)?
        try walk(stored) { fact, bytes, previous in
            if fact.sentPosition == sentPosition { found = (fact, bytes, previous) }
            return fact.sentPosition < sentPosition
        }
        guard let found else { return false }
        var fact = found.fact
        let (bytes, previous) = (found.bytes, found.previous)
        change(&fact)
        out.raw(UnsafeRawBufferPointer(rebasing: stored[..<bytes.lowerBound]).assumingMemoryBound(to: UInt8.self))
        encode(fact, after: previous, into: &out)
        out.raw(UnsafeRawBufferPointer(rebasing: stored[bytes.upperBound...]).assumingMemoryBound(to: UInt8.self))
        return true
    }

    /// Writes `stored` with `fact` added at its end; false when the block is full or `fact` does not come after its last.
    ///
    /// For catch-up, once per `sent`: the block's bytes are copied as they are.
    static func append(_ fact: MetricsFact, to stored: UnsafeRawBufferPointer, into out: inout StateWriter) throws -> Bool {
        var count = 0
        var last: Anchor?
        try walk(stored) { fact, _, _ in
            count += 1
            last = (fact.sentPosition, fact.sentAt)
            return true
        }
        guard count < capacity, (last?.position ?? 0) < fact.sentPosition else { return false }
        out.raw(stored.assumingMemoryBound(to: UInt8.self))
        encode(fact, after: last, into: &out)
        return true
    }
}

extension MetricsFact {
    /// A fact from its fields.
    init(sentPosition: UInt64, accountID: UInt32, sourceID: UInt32, templateID: UInt32?, hasNote: Bool,
         sentAt: Timestamp, status: InvitationStatus, closedAt: Timestamp?, reminders: UInt32) {
        self.sentPosition = sentPosition
        self.accountID = accountID
        self.sourceID = sourceID
        self.templateID = templateID
        self.hasNote = hasNote
        self.sentAt = sentAt
        self.status = status
        self.closedAt = closedAt
        self.reminders = reminders
    }
}
