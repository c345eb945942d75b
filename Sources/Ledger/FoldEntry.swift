/// The fields of one stored record that the read side folds, decoded without copying.
///
/// `LedgerView.scanFolding` hands these out instead of `EventRecord`: no `String` is made
/// for the id, note, reason or `by` (the fold does not read them), and the recipient and the
/// explicit invitation are the stored bytes themselves, valid only during the callback.
public struct FoldEntry {
    /// Which of the five event types this is.
    public var kind: EventKind
    /// The 1-based position in the log.
    public var position: UInt64
    /// When it happened, as the client gave it (UTC, milliseconds).
    public var at: Timestamp
    /// The position of the invitation's `sent` (the entry's own position for a `sent`).
    public var sentPosition: UInt64
    /// On `sent`: the interned account, source and template (`templateID` valid when `hasTemplate`).
    public var accountID: UInt32
    /// On `sent`: the interned prospect source.
    public var sourceID: UInt32
    /// On `sent`: the interned note template; meaningful only when `hasTemplate`.
    public var templateID: UInt32
    /// On `sent`: whether it names a note template.
    public var hasTemplate: Bool
    /// On `sent`: whether it carries a personal note (whose text is not decoded).
    public var hasNote: Bool
    /// On `sent`: the normalised recipient's UTF-8 bytes (empty otherwise).
    public var recipient: UnsafeRawBufferPointer
    /// On `sent`: the client's invitation id's bytes, or nil when the ledger assigned `inv-<position>`.
    public var explicitInvitation: UnsafeRawBufferPointer?
    /// The stored record's bytes where the scan read them.
    ///
    /// In LMDB's memory map, unlike the spelled-out texts above, which may be the scan's own buffers.
    public var stored: UnsafeRawBufferPointer
}

extension FoldEntry {
    /// Decodes the fold's fields of a stored record (any version); nil when `skipping` rejects its `at`.
    ///
    /// A version-2 or -3 record's compacted recipient or invitation is spelled out in `spelling`'s buffers.
    static func decode(_ stored: UnsafeRawBufferPointer, position: UInt64, skipping: ((Timestamp) -> Bool)?,
                       spelling: FoldSpelling) throws -> FoldEntry? {
        let header = try RecordHeader(stored)
        let (version, kind, flags) = (header.version, header.kind, header.flags)
        var input = header.fields
        let at = try input.time()
        if let skipping, skipping(at) { return nil }
        _ = try input.varint()  // recorded_at
        if flags & 1 == 0 { _ = try input.idText(version: version, checked: false) }  // the explicit id
        var entry = FoldEntry(kind: kind, position: position, at: at, sentPosition: position, accountID: 0, sourceID: 0,
                              templateID: 0, hasTemplate: false, hasNote: flags & 4 != 0,
                              recipient: UnsafeRawBufferPointer(start: nil, count: 0), explicitInvitation: nil,
                              stored: stored)
        if kind == .sent {
            if flags & 2 == 0 {
                entry.explicitInvitation = try spelling.invitation(try input.idText(version: version, checked: false))
            }
            entry.accountID = try input.nameID()
            let recipient = try input.bytes()
            entry.recipient = flags & 64 != 0 ? try spelling.recipient(.linkedInProfile(recipient)) : recipient
            entry.sourceID = try input.nameID()
            if flags & 4 != 0 { _ = try input.bytes() }
            if flags & 8 != 0 {
                entry.templateID = try input.nameID()
                entry.hasTemplate = true
            }
        } else {
            entry.sentPosition = try input.sentPosition(before: position, version: version)
        }
        return entry
    }
}

extension ByteReader {
    /// A length-prefixed string's bytes, not copied and not checked as UTF-8.
    mutating func bytes() throws(StorageError) -> UnsafeRawBufferPointer {
        try slice(length: try varint(), checked: false)
    }
}
