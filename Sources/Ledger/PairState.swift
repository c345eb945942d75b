/// What the ledger keeps per (account, recipient) pair: its invitations and its latest event.
///
/// Only a pair's latest invitation can be pending (a new `sent` needs the last one closed),
/// so the status of the latest is the pair's status and every earlier one is closed.
struct PairState: Equatable {
    var status: InvitationStatus
    var latestAt: Timestamp
    /// Positions of the pair's `sent` events, oldest first.
    var sentPositions: PositionList

    var latestSent: UInt64 { sentPositions.last ?? 0 }

    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: 12 + sentPositions.count * 4)
        encode(into: &out)
        return out.bytes
    }

    /// Appends the encoding to `out` (a reused buffer on the write path).
    func encode(into out: inout ByteWriter) {
        out.byte(status.rawValue)
        out.signed(latestAt.milliseconds)
        sentPositions.encode(into: &out)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(StorageError) -> PairState {
        var input = ByteReader(bytes)
        guard let status = InvitationStatus(rawValue: try input.byte()) else { throw StorageError("bad pair status") }
        let latestAt = try input.time()
        return PairState(status: status, latestAt: latestAt, sentPositions: try PositionList.decode(&input))
    }

    /// Decodes the pairs index entry of `pair`, or throws an error that names the pair and the remedy.
    ///
    /// Every reader of the pairs index says a damaged entry the same way (audit 107 F4); `pair`
    /// is asked only then, and nil (a key that does not parse) is said as "an unreadable key".
    static func decodeEntry(_ bytes: UnsafeRawBufferPointer,
                            of pair: () -> (recipient: String, accountID: UInt32)?) throws(StorageError) -> PairState {
        do {
            return try decode(bytes)
        } catch {
            let subject = pair().map { "account #\($0.accountID) → \($0.recipient)" } ?? "an unreadable key"
            throw StorageError("the pairs index entry of \(subject): \(error) \(LedgerView.indexRemedy)")
        }
    }

    /// `decodeEntry(_:of:)` for an entry read with its key.
    static func decodeEntry(_ bytes: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) throws(StorageError) -> PairState {
        try decodeEntry(bytes) { (try? parseKey(key)).flatMap { $0 } }
    }

    /// The byte that starts the key of a LinkedIn profile recipient stored without `linkedin.com/in/`.
    ///
    /// Recipients hold no control characters, so no other key starts with it (pairs key format 2).
    static let profileKeyMarker: UInt8 = 1

    /// Calls `body` with the pairs index key, built on the stack.
    ///
    /// The key is the recipient, a NUL (recipients hold no control characters), the account id as a varint.
    ///
    /// Key format 2 (`PairKeyFormat`): a recipient that starts with `linkedin.com/in/` is
    /// written as `profileKeyMarker` then the rest, 15 bytes shorter.
    static func withKey<R>(recipient: String, accountID: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var recipient = recipient
        return try recipient.withUTF8 { utf8 in
            try withKey(recipient: UnsafeRawBufferPointer(utf8), accountID: accountID, body)
        }
    }

    /// `withKey(recipient:accountID:_:)` for a recipient's UTF-8 bytes.
    static func withKey<R>(recipient utf8: UnsafeRawBufferPointer, accountID: UInt32,
                           _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(byteCount: utf8.count + 6, alignment: 1) { buffer in
            let count = Varint.write(UInt64(accountID), into: buffer, at: keyPrefix(recipient: utf8, into: buffer))
            return try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes the start of the keys of every pair of `recipient` (its key form and the NUL) into `buffer`; returns its length.
    ///
    /// `buffer` holds at least the recipient's length + 1 bytes.
    @discardableResult
    static func keyPrefix(recipient utf8: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let profile = LinkedInProfile.prefix
        var text = utf8
        var count = 0
        if utf8.count >= profile.count, UnsafeRawBufferPointer(rebasing: utf8[..<profile.count]).elementsEqual(profile) {
            buffer[0] = profileKeyMarker
            count = 1
            text = UnsafeRawBufferPointer(rebasing: utf8[profile.count...])
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[count..<count + text.count]).copyMemory(from: text)
        count += text.count
        buffer[count] = 0
        return count + 1
    }

    /// The start of the keys of every pair of `recipient`: its key form, then the NUL.
    static func keyPrefix(recipient: String) -> [UInt8] {
        var text = recipient
        return text.withUTF8 { utf8 in
            [UInt8](unsafeUninitializedCapacity: utf8.count + 1) { buffer, initialized in
                initialized = keyPrefix(recipient: UnsafeRawBufferPointer(utf8), into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }

    /// The recipient and account of a pairs index key of `format`, or nil when the key has no NUL.
    static func parseKey(_ key: UnsafeRawBufferPointer, format: PairKeyFormat = .current) throws(StorageError) -> (recipient: String, accountID: UInt32)? {
        guard let separator = key.firstIndex(of: 0) else { return nil }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: key[(separator + 1)...]))
        let accountID = try reader.nameID()
        let stored = UnsafeRawBufferPointer(rebasing: key[..<separator])
        if format != .fullRecipient, stored.first == profileKeyMarker {
            return (LinkedInProfile.spelled(UnsafeRawBufferPointer(rebasing: stored[1...])), accountID)
        }
        return (String(decoding: stored, as: UTF8.self), accountID)
    }
}
