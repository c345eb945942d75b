/// Where an invitation stands.
public enum InvitationStatus: UInt8, Sendable {
    case pending = 0, accepted = 1, withdrawn = 2, expired = 3

    /// The status a closing event leaves behind.
    init(closedBy kind: EventKind) {
        switch kind {
        case .accepted: self = .accepted
        case .withdrawn: self = .withdrawn
        case .expired: self = .expired
        case .sent, .reminded: self = .pending
        }
    }

    /// The name used in output (`pending`, `accepted`, `withdrawn`, `expired`).
    public var name: String {
        switch self {
        case .pending: "pending"
        case .accepted: "accepted"
        case .withdrawn: "withdrawn"
        case .expired: "expired"
        }
    }
}

/// What the ledger keeps per (account, recipient) pair: its invitations and its latest event.
///
/// Only a pair's latest invitation can be pending (a new `sent` needs the last one closed),
/// so the status of the latest is the pair's status and every earlier one is closed.
struct PairState: Equatable {
    var status: InvitationStatus
    var latestAt: Timestamp
    /// Positions of the pair's `sent` events, oldest first.
    var sentPositions: [UInt64]

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
        for position in sentPositions { out.varint(position) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(StorageError) -> PairState {
        var input = ByteReader(bytes)
        guard let status = InvitationStatus(rawValue: try input.byte()) else { throw StorageError("bad pair status") }
        let latestAt = Timestamp(milliseconds: try input.signed())
        var positions: [UInt64] = []
        while !input.isAtEnd { positions.append(try input.varint()) }
        return PairState(status: status, latestAt: latestAt, sentPositions: positions)
    }

    /// Calls `body` with the pairs index key, built on the stack: the recipient, a NUL (recipients
    /// hold no control characters), the account id as a varint.
    static func withKey<R>(recipient: String, accountID: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var recipient = recipient
        return try recipient.withUTF8 { utf8 in
            try withUnsafeTemporaryAllocation(byteCount: utf8.count + 6, alignment: 1) { buffer in
                if let base = utf8.baseAddress { buffer.baseAddress?.copyMemory(from: base, byteCount: utf8.count) }
                var count = utf8.count
                buffer[count] = 0
                count += 1
                var rest = UInt64(accountID)
                while rest >= 0x80 {
                    buffer[count] = UInt8(truncatingIfNeeded: rest) | 0x80
                    rest >>= 7
                    count += 1
                }
                buffer[count] = UInt8(rest)
                return try body(UnsafeRawBufferPointer(rebasing: buffer[..<(count + 1)]))
            }
        }
    }
}
