/// Writes the canonical JSON of stored records during a sequential scan, caching what repeats.
///
/// A follow-up stores only its invitation's `sent` position; the invitation and recipient are
/// kept as ready JSON literals per `sent`, and names as literals per id. The literals live in
/// arenas and the caches hold plain offsets, so a lookup retains nothing. The per-`sent`
/// cache is direct-mapped by position (a follow-up usually follows its `sent` closely) and
/// its arena is bounded, so a scan's memory stays flat; a miss just re-reads the `sent`.
struct CanonicalScanner {
    /// Where a `sent`'s literals are in the arena: invitation, then recipient.
    private struct Identity {
        var sentPosition: UInt64
        var start: Int
        var invitationEnd: Int
        var end: Int
        var accountID: UInt32

        static let empty = Identity(sentPosition: .max, start: 0, invitationEnd: 0, end: 0, accountID: 0)
    }

    /// Where a name's literal is in the name arena.
    private struct Span {
        var start: Int
        var end: Int
    }

    let view: LedgerView
    private var identities: [Identity]
    private let slotMask: UInt64
    private var arena: [UInt8] = []
    private var nameSpans: [UInt64: Span] = [:]
    private var nameArena: [UInt8] = []
    private var prefixSpans: [Span?] = []
    private var recordedAt = Timestamp(milliseconds: .min)
    private var recordedAtLiteral: [UInt8] = []
    private static let maximumSlots = 1 << 18
    private static let arenaLimit = 1 << 25

    /// A scanner for a scan of about `events` records (it sizes the cache, never limits the scan).
    init(view: LedgerView, events: UInt64) {
        self.view = view
        var slots = 1024
        while slots < Self.maximumSlots, UInt64(slots) < events { slots <<= 1 }
        identities = Array(repeating: .empty, count: slots)
        slotMask = UInt64(slots - 1)
        arena.reserveCapacity(1 << 16)
    }

    private mutating func name(_ category: NameTable.Category, _ id: UInt32) throws -> Span {
        let key = UInt64(category.rawValue) << 32 | UInt64(id)
        if let known = nameSpans[key] { return known }
        let start = nameArena.count
        JSONText.appendString(try view.ledger.names.name(category, id, in: view.txn), to: &nameArena)
        let span = Span(start: start, end: nameArena.count)
        nameSpans[key] = span
        return span
    }

    /// The span of a numbered text's quoted prefix in the name arena (nil for other forms).
    ///
    /// Prefix ids are few and small (`BatchWriter.idPrefixLimit`), so their spans are kept in an
    /// array by id rather than hashed per record.
    private mutating func prefixSpan(_ text: StoredText?) throws -> Span? {
        guard case .numbered(let prefixID, _)? = text else { return nil }
        let index = Int(prefixID)
        if index < prefixSpans.count, let known = prefixSpans[index] { return known }
        let span = try name(.idPrefix, prefixID)
        if index < 1 << 16 {
            if index >= prefixSpans.count { prefixSpans.append(contentsOf: repeatElement(nil, count: index + 1 - prefixSpans.count)) }
            prefixSpans[index] = span
        }
        return span
    }

    /// Appends the JSON literal of `text`, or of `prefix` and `number` when it is nil (an assigned id).
    ///
    /// `prefixSpan` is where a numbered text's quoted prefix is in `names`: its literal without
    /// the closing quote, then the number, then the quote (digits need no escapes).
    private static func literal(_ text: StoredText?, prefixSpan: Span?, names: UnsafeBufferPointer<UInt8>,
                                orNumbered prefix: StaticString, _ number: UInt64, into out: inout [UInt8]) {
        switch text {
        case .plain(let bytes)?:
            JSONText.appendString(utf8: bytes, to: &out)
        case .linkedInProfile(let rest)?:
            LinkedInProfile.appendQuotedPrefix(to: &out)
            JSONText.appendEscaped(utf8: rest, to: &out)
            out.append(0x22)
        case .numbered(_, let stored)?:
            if let prefixSpan { out.append(contentsOf: UnsafeBufferPointer(rebasing: names[prefixSpan.start..<prefixSpan.end - 1])) }
            JSONText.appendInteger(stored, to: &out)
            out.append(0x22)
        case nil:
            CanonicalString.numbered(prefix, number).append(to: &out)
        }
    }

    private mutating func identity(of record: StoredEventRecord) throws -> Identity {
        let slot = Int(truncatingIfNeeded: record.sentPosition & slotMask)
        if identities[slot].sentPosition == record.sentPosition { return identities[slot] }
        if arena.count >= Self.arenaLimit {
            arena.removeAll(keepingCapacity: true)
            for index in identities.indices { identities[index] = .empty }
        }
        let start = arena.count
        let identity: Identity
        if record.kind == .sent {
            let invitationPrefix = try prefixSpan(record.explicitInvitation)
            let names = nameArena
            var invitationEnd = start
            names.withUnsafeBufferPointer { names in
                Self.literal(record.explicitInvitation, prefixSpan: invitationPrefix, names: names, orNumbered: EventRecord.assignedInvitationPrefix,
                             record.position, into: &arena)
                invitationEnd = arena.count
                Self.literal(record.recipient ?? .plain(UnsafeRawBufferPointer(start: nil, count: 0)), prefixSpan: nil,
                             names: names, orNumbered: "", 0, into: &arena)
            }
            identity = Identity(sentPosition: record.sentPosition, start: start, invitationEnd: invitationEnd, end: arena.count,
                                accountID: record.accountID)
        } else {
            let sent = try view.sentRecord(at: record.sentPosition, namedAt: record.position)
            JSONText.appendString(sent.sentInvitation, to: &arena)
            let invitationEnd = arena.count
            JSONText.appendString(sent.recipient ?? "", to: &arena)
            identity = Identity(sentPosition: record.sentPosition, start: start, invitationEnd: invitationEnd, end: arena.count,
                                accountID: sent.accountID)
        }
        identities[slot] = identity
        return identity
    }

    /// Appends the canonical JSON of `record` to `out`.
    mutating func append(_ record: StoredEventRecord, to out: inout [UInt8]) throws {
        let identity = try identity(of: record)
        if record.recordedAt != recordedAt {
            recordedAt = record.recordedAt
            recordedAtLiteral = record.recordedAt.quotedRFC3339
        }
        let account = try name(.account, identity.accountID)
        let source = record.kind == .sent ? try name(.source, record.sourceID) : nil
        let template = try record.templateID.map { try name(.template, $0) }
        let idPrefix = try prefixSpan(record.explicitID)
        @inline(__always) func key(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        // The member order of `CanonicalJSON.append`, which the tests pin to `Event.canonicalJSON`.
        nameArena.withUnsafeBufferPointer { names in
            arena.withUnsafeBufferPointer { literals in
                key("{\"account\":")
                out.append(contentsOf: UnsafeBufferPointer(rebasing: names[account.start..<account.end]))
                key(",\"at\":")
                record.at.appendQuotedRFC3339(to: &out)
                if let by = record.by { key(",\"by\":"); JSONText.appendString(utf8: by, to: &out) }
                key(",\"id\":")
                Self.literal(record.explicitID, prefixSpan: idPrefix, names: names, orNumbered: EventRecord.assignedIDPrefix, record.position, into: &out)
                key(",\"invitation\":")
                out.append(contentsOf: UnsafeBufferPointer(rebasing: literals[identity.start..<identity.invitationEnd]))
                if let note = record.note { key(",\"note\":"); JSONText.appendString(utf8: note, to: &out) }
                key(",\"position\":")
                JSONText.appendInteger(record.position, to: &out)
                if let reason = record.reason { key(",\"reason\":"); JSONText.appendString(utf8: reason, to: &out) }
                key(",\"recipient\":")
                out.append(contentsOf: UnsafeBufferPointer(rebasing: literals[identity.invitationEnd..<identity.end]))
                key(",\"recorded_at\":")
                out.append(contentsOf: recordedAtLiteral)
                if let source { key(",\"source\":"); out.append(contentsOf: UnsafeBufferPointer(rebasing: names[source.start..<source.end])) }
                if let template {
                    key(",\"template\":")
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: names[template.start..<template.end]))
                }
            }
        }
        CanonicalJSON.appendType(record.kind, to: &out)
    }
}
