import LMDB

/// An event as the log stores it: compact, versioned, with repeated strings interned.
///
/// Layout of version 1 (all integers LEB128 varints, signed ones zig-zag):
///
///     version=1 · kind · flags · at · recorded_at · [id]
///     sent:      [invitation] · account# · recipient · source# · [note] · [template#]
///     follow-up: sent position · [reason] · [by]
///     then 8 bytes: the chain tag (big-endian), outside the version's fields
///
/// `flags`: 1 id is `ev-<position>`, 2 invitation is `inv-<position>`, 4 note, 8 template,
/// 16 reason, 32 by. A follow-up stores its invitation as the position of its `sent`, from
/// which the invitation, account and recipient are read.
///
/// Version 2 has the same fields in the same order, plus:
///
/// - flag 64 (on `sent` only): the recipient is a LinkedIn profile, stored without its
///   constant `linkedin.com/in/` (`LinkedInProfile`);
/// - the id and the invitation begin with a varint `head`: an even head is a plain string
///   of `head >> 1` UTF-8 bytes; an odd head is the id `head >> 1` of an interned prefix
///   (`NameTable.Category.idPrefix`), followed by a varint number, the text being the prefix
///   then the number in decimal (`NumberedText`: `e-123456`, `inv-7`).
///
/// Version 3 (written by this build) has version 2's fields, in the same order and forms, with
/// a shorter frame and two fields stored as distances:
///
///     lead · at · recorded_at − at · [id]
///     sent:      as version 2
///     follow-up: position − sent position · [reason] · [by]
///     then 4 bytes: the chain tag
///
/// - the lead byte holds the version, the kind and the flags (`RecordHeader.leadByte`): a
///   `sent` is `010` then flags 64, 8, 4, 2, 1 as bits 4 … 0; a follow-up is `011`, its kind's
///   raw value minus 1 in two bits, then flags 32, 16, 1 in bits 2 … 0. Lead bytes 64 … 127 are
///   version 3; versions 1 and 2 start with 1 or 2, so one byte tells every version apart;
/// - the chain tag is the first 4 bytes of the chain hash (`chainTag`'s top 32 bits). A damaged
///   record whose recomputed hash happens to start with the same 4 bytes (probability 2^-32) is
///   not named at its own position: `verify` still fails, at the first later record whose tag
///   differs, or at the next chain checkpoint (at most 64 positions on), head or stored Merkle
///   node, whichever comes first, since every later hash differs;
/// - `recorded_at` is stored as its zig-zag distance from `at` (wrapping), a few bytes for an
///   event recorded as it happens, as many as before for history imported later; a follow-up's
///   `sent` is stored as its distance back, which stays small as the log grows.
///
/// Each record carries its version, so a ledger may hold all three; versions 1 and 2 stay readable.
public struct EventRecord: Equatable, Sendable {
    /// The version written by this build. Older versions stay readable.
    public static let currentVersion: UInt8 = 3

    /// Which of the five event types this is.
    public var kind: EventKind
    /// The 1-based position in the log.
    public var position: UInt64
    /// When it happened, as the client gave it (UTC, milliseconds).
    public var at: Timestamp
    /// The clock when the event was appended (`recorded_at`).
    public var recordedAt: Timestamp
    /// The client's id; nil when the ledger assigned `ev-<position>`.
    public var explicitID: String?
    /// The position of this invitation's `sent` (the record's own position for a `sent`).
    public var sentPosition: UInt64
    /// On `sent`: the client's invitation id; nil when the ledger assigned `inv-<position>`.
    public var explicitInvitation: String?
    /// On `sent`: the interned account.
    public var accountID: UInt32
    /// On `sent`: the normalised recipient.
    public var recipient: String?
    /// On `sent`: the interned source.
    public var sourceID: UInt32
    /// On `sent`: the personal note, when there was one.
    public var note: String?
    /// On `sent`: the interned template, when there is one.
    public var templateID: UInt32?
    /// On `withdrawn`: why it was withdrawn, when given.
    public var reason: String?
    /// On `expired`: `"policy"` when the ledger inferred the expiry.
    public var by: String?
    /// The first 8 bytes of the chain hash after this event, stored beside the record.
    ///
    /// So `verify` can name the exact position where a stored record stops matching its chain.
    /// Version 3 keeps only the top 32 bits (the low 32 read back as zero).
    public var chainTag: UInt64 = 0

    /// The id, given or assigned.
    public var id: String { explicitID ?? Self.assignedID(at: position) }

    /// On a `sent`: its invitation's id, given or assigned (a follow-up's is its `sent`'s).
    public var sentInvitation: String { explicitInvitation ?? Self.assignedInvitation(sentAt: position) }

    /// What an id the ledger assigns starts with, before the event's position.
    static let assignedIDPrefix: StaticString = "ev-"
    /// What an invitation id the ledger assigns starts with, before its `sent`'s position.
    static let assignedInvitationPrefix: StaticString = "inv-"

    /// The id the ledger gives the event at `position` when the client gave none: `ev-<position>`.
    public static func assignedID(at position: UInt64) -> String { "\(assignedIDPrefix)\(position)" }

    /// The id the ledger gives the invitation sent at `position` when the client gave none: `inv-<position>`.
    public static func assignedInvitation(sentAt position: UInt64) -> String { "\(assignedInvitationPrefix)\(position)" }

    /// Encodes the record in `version` (1, 2 or 3), followed by its chain tag (8 bytes; 4 in version 3).
    ///
    /// `prefixID` gives the interned id of a numbered id's prefix (its UTF-8 bytes), or nil to store the id plain.
    func encoded(version: UInt8 = EventRecord.currentVersion,
                 prefixID: (UnsafeRawBufferPointer) throws -> UInt32?) rethrows -> [UInt8] {
        var out = ByteWriter(capacity: 48 + (recipient?.utf8.count ?? 0) + (note?.utf8.count ?? 0))
        try encode(into: &out, version: version, prefixID: prefixID)
        return out.bytes
    }

    /// Encodes the record in `version` with every id stored plain.
    func encoded(version: UInt8 = EventRecord.currentVersion) -> [UInt8] {
        encoded(version: version, prefixID: { _ in nil })
    }

    /// Appends the same bytes as `encoded(version:prefixID:)` to `out` (a reused buffer on the write path).
    func encode(into out: inout ByteWriter, version: UInt8 = EventRecord.currentVersion,
                prefixID: (UnsafeRawBufferPointer) throws -> UInt32?) rethrows {
        let profile = version >= 2 && kind == .sent && recipient.map(LinkedInProfile.isProfile) == true
        var flags: UInt8 = 0
        if explicitID == nil { flags |= 1 }
        if kind == .sent, explicitInvitation == nil { flags |= 2 }
        if note != nil { flags |= 4 }
        if templateID != nil { flags |= 8 }
        if reason != nil { flags |= 16 }
        if by != nil { flags |= 32 }
        if profile { flags |= 64 }
        if version >= 3 {
            out.byte(RecordHeader.leadByte(kind: kind, flags: flags))
        } else {
            out.byte(version)
            out.byte(kind.rawValue)
            out.byte(flags)
        }
        out.signed(at.milliseconds)
        out.signed(version >= 3 ? recordedAt.milliseconds &- at.milliseconds : recordedAt.milliseconds)
        if let explicitID { try out.idText(explicitID, version: version, prefixID: prefixID) }
        if kind == .sent {
            if let explicitInvitation { try out.idText(explicitInvitation, version: version, prefixID: prefixID) }
            out.varint(UInt64(accountID))
            var text = recipient ?? ""
            text.withUTF8 { utf8 in
                let stored = profile ? UnsafeBufferPointer(rebasing: utf8[LinkedInProfile.prefix.count...]) : utf8
                out.varint(UInt64(stored.count))
                out.bytes.append(contentsOf: stored)
            }
            out.varint(UInt64(sourceID))
            if let note { out.string(note) }
            if let templateID { out.varint(UInt64(templateID)) }
        } else {
            out.varint(version >= 3 ? position &- sentPosition : sentPosition)
            if let reason { out.string(reason) }
            if let by { out.string(by) }
        }
        if version >= 3 {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: chainTag >> 32).bigEndian) { out.bytes.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: chainTag.bigEndian) { out.bytes.append(contentsOf: $0) }
        }
    }

    /// Decodes a stored record of any known version (one decoder, `StoredEventRecord`, knows the layout).
    ///
    /// `prefixName` reads an interned id prefix (`NameTable.Category.idPrefix`) of version 2.
    static func decode(_ stored: UnsafeRawBufferPointer, position: UInt64,
                       prefixName: (UInt32) throws -> String) throws -> EventRecord {
        let record = try StoredEventRecord.decode(stored, position: position)
        func text(_ slice: UnsafeRawBufferPointer?) -> String? { slice.map { String(decoding: $0, as: UTF8.self) } }
        return EventRecord(
            kind: record.kind, position: record.position, at: record.at, recordedAt: record.recordedAt,
            explicitID: try record.explicitID?.string(prefixName: prefixName), sentPosition: record.sentPosition,
            explicitInvitation: try record.explicitInvitation?.string(prefixName: prefixName), accountID: record.accountID,
            recipient: try record.recipient?.string(prefixName: prefixName), sourceID: record.sourceID, note: text(record.note),
            templateID: record.templateID, reason: text(record.reason), by: text(record.by),
            chainTag: record.chainTag)
    }
}

extension ByteWriter {
    /// An id or invitation id: from version 2 on the `head` form (see `EventRecord`), in version 1 a plain string.
    mutating func idText(_ text: String, version: UInt8, prefixID: (UnsafeRawBufferPointer) throws -> UInt32?) rethrows {
        guard version >= 2 else { return string(text) }
        var copy = text
        try copy.withUTF8 { utf8 in
            if let split = NumberedText.split(utf8),
               let id = try prefixID(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[..<split.prefixLength])) {
                varint(UInt64(id) << 1 | 1)
                varint(split.number)
            } else {
                varint(UInt64(utf8.count) << 1)
                bytes.append(contentsOf: utf8)
            }
        }
    }
}

extension EventRecord {
    /// The flag bits a record of `version` (1 or 2) and `kind` may not have set (version 3's lead byte has no unknown bits).
    static func unknownFlags(version: UInt8, kind: EventKind) -> UInt8 {
        version >= 2 && kind == .sent ? 0x80 : 0xC0
    }
}
