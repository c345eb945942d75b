import Ledger

/// RFC 8785 (JCS) bytes of an exported event, as a verifier must rebuild them from the proof alone.
///
/// An exported event is a flat object of strings and integers; anything else cannot have
/// come from the ledger and is refused rather than guessed at. `hash` is left out, since the
/// leaf (like the chain) covers the event without it.
enum EventCanonicalizer {
    /// Integers beyond ±(2^53 − 1) have no exact JCS form (they serialise as IEEE doubles).
    private static let largestExactInteger: UInt64 = (1 << 53) - 1

    /// The JCS bytes of `event` without its `hash` member.
    static func canonicalBytes(of event: ProofJSON) throws(ProofJSONError) -> [UInt8] {
        guard case .object(let members) = event else {
            throw ProofJSONError(description: "\"event\" is not a JSON object")
        }
        // JCS sorts keys by their UTF-16 code units, not by scalars or UTF-8 bytes.
        let sorted = members.filter { $0.key != "hash" }.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (offset, member) in sorted.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch member.value {
            case .string(let text):
                JSONText.appendString(text, to: &out)
            case .number(let text):
                out.append(contentsOf: try canonicalInteger(text, key: member.key).utf8)
            default:
                throw ProofJSONError(description: "event field \"\(member.key)\" is not a string or an integer")
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// An integer's JCS text (its shortest decimal form), or an error for a fraction or huge value.
    private static func canonicalInteger(_ text: String, key: String) throws(ProofJSONError) -> String {
        guard let value = integer(text) else {
            throw ProofJSONError(description: "event field \"\(key)\" \(whyNotInteger(text)): \(text)")
        }
        return "\(value)"
    }

    /// Why `integer(_:)` refused `text`: a magnitude past 2^53 − 1, or a number that is not whole.
    ///
    /// The refusal said "not an integer JCS can represent exactly" of both, and `1e20` is an
    /// integer JCS writes exactly (audit 159); no exported event holds either kind.
    private static func whyNotInteger(_ text: String) -> String {
        // Within the bound, `integer(_:)` refuses only a number with a fraction.
        guard (Double(text) ?? .infinity).magnitude <= Double(largestExactInteger) else {
            return "is a number beyond ±\(largestExactInteger) (2^53 − 1), which no exported event holds"
        }
        return "is not a whole number, which no exported event holds"
    }

    /// The integer a JSON number's text is, nil for a fraction or a magnitude beyond 2^53 − 1.
    ///
    /// `3.0` and `3E0` are the integer 3, as JCS writes them (`3`): a tool that wrote the proof
    /// back with floating-point numbers changed no hash (audit 79 F4: they were refused).
    static func integer(_ text: String) -> Int64? {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        guard !digits.isEmpty else { return nil }
        if digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            guard let magnitude = UInt64(digits), magnitude <= largestExactInteger else { return nil }
            return negative ? -Int64(magnitude) : Int64(magnitude)
        }
        guard let value = Double(text), value.isFinite, value.rounded(.towardZero) == value,
              value.magnitude <= Double(largestExactInteger) else { return nil }
        return Int64(value)
    }
}
