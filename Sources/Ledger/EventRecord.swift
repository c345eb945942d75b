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
public struct EventRecord: Equatable, Sendable {
    /// The version written by this build. Older versions stay readable.
    public static let currentVersion: UInt8 = 1

    public var kind: EventKind
    public var position: UInt64
    public var at: Timestamp
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
    public var note: String?
    /// On `sent`: the interned template, when there is one.
    public var templateID: UInt32?
    public var reason: String?
    public var by: String?
    /// The first 8 bytes of the chain hash after this event, stored beside the record so
    /// `verify` can name the exact position where a stored record stops matching its chain.
    public var chainTag: UInt64 = 0

    /// The id, given or assigned.
    public var id: String { explicitID ?? "ev-\(position)" }

    /// Encodes the record in the current version, followed by its 8-byte chain tag.
    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: 48 + (recipient?.utf8.count ?? 0) + (note?.utf8.count ?? 0))
        encode(into: &out)
        return out.bytes
    }

    /// Appends the same bytes as `encoded()` to `out` (a reused buffer on the write path).
    func encode(into out: inout ByteWriter) {
        out.byte(EventRecord.currentVersion)
        out.byte(kind.rawValue)
        var flags: UInt8 = 0
        if explicitID == nil { flags |= 1 }
        if kind == .sent, explicitInvitation == nil { flags |= 2 }
        if note != nil { flags |= 4 }
        if templateID != nil { flags |= 8 }
        if reason != nil { flags |= 16 }
        if by != nil { flags |= 32 }
        out.byte(flags)
        out.signed(at.milliseconds)
        out.signed(recordedAt.milliseconds)
        if let explicitID { out.string(explicitID) }
        if kind == .sent {
            if let explicitInvitation { out.string(explicitInvitation) }
            out.varint(UInt64(accountID))
            out.string(recipient ?? "")
            out.varint(UInt64(sourceID))
            if let note { out.string(note) }
            if let templateID { out.varint(UInt64(templateID)) }
        } else {
            out.varint(sentPosition)
            if let reason { out.string(reason) }
            if let by { out.string(by) }
        }
        withUnsafeBytes(of: chainTag.bigEndian) { out.bytes.append(contentsOf: $0) }
    }

    /// Decodes a stored record of any known version (one decoder, `StoredEventRecord`, knows the layout).
    static func decode(_ stored: UnsafeRawBufferPointer, position: UInt64) throws(StorageError) -> EventRecord {
        let record = try StoredEventRecord.decode(stored, position: position)
        func text(_ slice: UnsafeRawBufferPointer?) -> String? { slice.map { String(decoding: $0, as: UTF8.self) } }
        return EventRecord(
            kind: record.kind, position: record.position, at: record.at, recordedAt: record.recordedAt,
            explicitID: text(record.explicitID), sentPosition: record.sentPosition,
            explicitInvitation: text(record.explicitInvitation), accountID: record.accountID,
            recipient: text(record.recipient), sourceID: record.sourceID, note: text(record.note),
            templateID: record.templateID, reason: text(record.reason), by: text(record.by),
            chainTag: record.chainTag)
    }
}
