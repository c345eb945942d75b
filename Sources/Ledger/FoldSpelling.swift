/// Buffers in which `LedgerView.scanFolding` spells out the texts a version-2 record stores compacted.
///
/// `FoldEntry` hands out the recipient and invitation as bytes; when the record stores them
/// compacted (`StoredText`), they are written here in full. Each buffer is reused by the next
/// record, which is why an entry's buffers are valid only during its callback. The scan's one
/// thread uses them once or twice per record, never from within another use, so they skip
/// Swift's run-time exclusivity checks (≈ 3% of a rebuild's instructions, callgrind).
final class FoldSpelling {
    @exclusivity(unchecked) private var recipientBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
    @exclusivity(unchecked) private var invitationBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
    /// The UTF-8 bytes of each interned id prefix met so far, indexed by its interned id (ids are small and dense).
    @exclusivity(unchecked) private var prefixes: [[UInt8]?] = []
    private let prefixName: (UInt32) throws -> String

    /// Spelling that reads interned id prefixes through `prefixName`.
    init(prefixName: @escaping (UInt32) throws -> String) {
        self.prefixName = prefixName
    }

    deinit {
        recipientBuffer.deallocate()
        invitationBuffer.deallocate()
    }

    /// The recipient's bytes in full (a plain text's own bytes).
    func recipient(_ text: StoredText) throws -> UnsafeRawBufferPointer {
        try spell(text, into: &recipientBuffer)
    }

    /// The invitation id's bytes in full (a plain text's own bytes).
    func invitation(_ text: StoredText) throws -> UnsafeRawBufferPointer {
        try spell(text, into: &invitationBuffer)
    }

    private func spell(_ text: StoredText, into buffer: inout UnsafeMutableRawBufferPointer) throws -> UnsafeRawBufferPointer {
        switch text {
        case .plain(let bytes):
            return bytes
        case .linkedInProfile(let rest):
            return Self.write(LinkedInProfile.prefix, rest, decimal: nil, into: &buffer)
        case .numbered(let prefixID, let number):
            return try prefix(prefixID).withUnsafeBytes { prefix in
                Self.write(prefix, UnsafeRawBufferPointer(start: nil, count: 0), decimal: number, into: &buffer)
            }
        }
    }

    /// The UTF-8 bytes of the interned id prefix `id`, read once through `prefixName`.
    ///
    /// `NameTable` numbers a category's names 1, 2, 3, …; an id far past that (a damaged
    /// record) is read every time rather than growing the table.
    private func prefix(_ id: UInt32) throws -> [UInt8] {
        let index = Int(id)
        if index < prefixes.count, let known = prefixes[index] { return known }
        let bytes = Array(try prefixName(id).utf8)
        guard index < 1 << 16 else { return bytes }
        if index >= prefixes.count { prefixes.append(contentsOf: repeatElement(nil, count: index + 1 - prefixes.count)) }
        prefixes[index] = bytes
        return bytes
    }

    /// Writes `head`, then `tail`, then `decimal` in decimal digits, growing `buffer` when needed.
    private static func write(_ head: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer, decimal: UInt64?,
                              into buffer: inout UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        let digits = decimal?.decimalDigitCount ?? 0
        let count = head.count + tail.count + digits
        if count > buffer.count {
            let grown = max(count, buffer.count * 2)
            buffer.deallocate()
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: grown, alignment: 1)
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[0..<head.count]).copyMemory(from: head)
        UnsafeMutableRawBufferPointer(rebasing: buffer[head.count..<head.count + tail.count]).copyMemory(from: tail)
        decimal?.writeDecimal(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count - digits..<count]))
        return UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    }
}
