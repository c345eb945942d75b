/// A string value of an event's canonical JSON, in whichever form the writer already has it.
///
/// The hot paths (import, verify) know most values as cached bytes or as a position, so
/// they need not build a `String` per event just to serialise it.
enum CanonicalString {
    /// Text to escape as it is written.
    case text(String)
    /// A complete JSON string literal (quotes included), already escaped.
    case quoted([UInt8])
    /// An assigned identifier: the ASCII prefix (`ev-`, `inv-`) and a position.
    case numbered(StaticString, UInt64)
    /// A time, written as its RFC 3339 text.
    case time(Timestamp)

    /// The value as a complete JSON string literal, for caching.
    static func literal(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        JSONText.appendString(text, to: &out)
        return out
    }

    func append(to out: inout [UInt8]) {
        switch self {
        case .text(let text): JSONText.appendString(text, to: &out)
        case .quoted(let literal): out.append(contentsOf: literal)
        case .numbered(let prefix, let number):
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
            JSONText.appendInteger(number, to: &out)
            out.append(0x22)
        case .time(let time): time.appendQuotedRFC3339(to: &out)
        }
    }
}

/// Writes an event's JCS form (RFC 8785) from its parts: the bytes the chain and Merkle leaves hash.
///
/// The one statement of the members' order. `Event` writes through it (its canonical JSON, and
/// with `hash` its exported line), and so does the import from the parts it has, without
/// materialising an `Event`; `CanonicalScanner` re-serialises a stored line member by member
/// in the same order, and a test pins the two together.
enum CanonicalJSON {
    // swiftlint:disable:next function_parameter_count
    static func append(kind: EventKind, id: CanonicalString, at: Timestamp, invitation: CanonicalString,
                       account: CanonicalString, recipient: CanonicalString, source: CanonicalString?,
                       note: String?, template: CanonicalString?, reason: String?, by: String?, hash: String? = nil,
                       position: UInt64, recordedAt: CanonicalString, into out: inout [UInt8]) {
        @inline(__always) func key(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        key("{\"account\":")
        account.append(to: &out)
        key(",\"at\":")
        at.appendQuotedRFC3339(to: &out)
        if let by { key(",\"by\":"); JSONText.appendString(by, to: &out) }
        if let hash { key(",\"hash\":"); JSONText.appendString(hash, to: &out) }
        key(",\"id\":")
        id.append(to: &out)
        key(",\"invitation\":")
        invitation.append(to: &out)
        if let note { key(",\"note\":"); JSONText.appendString(note, to: &out) }
        key(",\"position\":")
        JSONText.appendInteger(position, to: &out)
        if let reason { key(",\"reason\":"); JSONText.appendString(reason, to: &out) }
        key(",\"recipient\":")
        recipient.append(to: &out)
        key(",\"recorded_at\":")
        recordedAt.append(to: &out)
        if let source { key(",\"source\":"); source.append(to: &out) }
        if let template { key(",\"template\":"); template.append(to: &out) }
        appendType(kind, to: &out)
    }

    /// Appends the last member, `,"type":"sent"}` and the like, which closes every event's JCS form.
    ///
    /// Shared with `CanonicalScanner`; always inlined, so each writer keeps the appends it had.
    @inline(__always)
    static func appendType(_ kind: EventKind, to out: inout [UInt8]) {
        @inline(__always) func key(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        key(",\"type\":")
        switch kind {
        case .sent: key("\"sent\"}")
        case .reminded: key("\"reminded\"}")
        case .withdrawn: key("\"withdrawn\"}")
        case .expired: key("\"expired\"}")
        case .accepted: key("\"accepted\"}")
        }
    }
}

extension Timestamp {
    /// Appends `rfc3339` as a JSON string literal, without building a `String` for the common years.
    func appendQuotedRFC3339(to out: inout [UInt8]) {
        let written: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestRFC3339) { buffer in
            guard let count = writeRFC3339(into: buffer) else { return false }
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            out.append(0x22)
            return true
        }
        if !written { JSONText.appendString(rfc3339, to: &out) }
    }

    /// `rfc3339` as a JSON string literal.
    var quotedRFC3339: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(26)
        appendQuotedRFC3339(to: &out)
        return out
    }
}
