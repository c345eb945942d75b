import Merkle

/// A proof as `invites prove` writes it (SPEC §4), read back from untrusted JSON.
///
/// Hashes stay byte arrays of whatever length the document gave, so the verifier can say
/// "not 32 bytes" instead of the parser saying something vaguer.
enum ProofDocument {
    /// An inclusion proof: the event at `position` is a leaf of the tree of `size` with `root`.
    struct Inclusion {
        let position: UInt64
        let size: UInt64
        let leafHash: [UInt8]
        let root: [UInt8]
        let proof: [[UInt8]]
        /// The exported event, as parsed.
        let event: ProofJSON
    }

    /// A consistency proof: the tree of `size2` with `root2` extends the one of `size1` with `root1`.
    struct Consistency {
        let size1: UInt64
        let size2: UInt64
        let root1: [UInt8]
        let root2: [UInt8]
        let proof: [[UInt8]]
    }

    case inclusion(Inclusion)
    case consistency(Consistency)

    /// Reads a proof document from its JSON text.
    static func parse(_ bytes: [UInt8]) throws(ProofJSONError) -> ProofDocument {
        let document = try ProofJSONParser.parse(bytes)
        guard case .object = document else { throw ProofJSONError(description: "the proof is not a JSON object") }
        switch try string(document, "kind") {
        case "inclusion":
            guard let event = document["event"] else { throw ProofJSONError(description: "the proof has no \"event\"") }
            return .inclusion(Inclusion(
                position: try integer(document, "position"), size: try integer(document, "size"),
                leafHash: try hash(document, "leaf_hash"), root: try hash(document, "root"),
                proof: try hashes(document, "proof"), event: event))
        case "consistency":
            return .consistency(Consistency(
                size1: try integer(document, "size1"), size2: try integer(document, "size2"),
                root1: try hash(document, "root1"), root2: try hash(document, "root2"),
                proof: try hashes(document, "proof")))
        case let other:
            throw ProofJSONError(description: "unknown proof kind \"\(other)\" (expected inclusion or consistency)")
        }
    }

    private static func string(_ document: ProofJSON, _ key: String) throws(ProofJSONError) -> String {
        guard case .string(let text)? = document[key] else {
            throw ProofJSONError(description: "\"\(key)\" is missing or not a string")
        }
        return text
    }

    private static func integer(_ document: ProofJSON, _ key: String) throws(ProofJSONError) -> UInt64 {
        // `3.0` too, as a tool that wrote the proof back with floating-point numbers has it (audit 79 F4).
        guard case .number(let text)? = document[key],
              let value = UInt64(text) ?? EventCanonicalizer.integer(text).flatMap({ UInt64(exactly: $0) }) else {
            throw ProofJSONError(description: "\"\(key)\" is missing or not a non-negative integer")
        }
        return value
    }

    private static func hash(_ document: ProofJSON, _ key: String) throws(ProofJSONError) -> [UInt8] {
        let text = try string(document, key)
        guard let bytes = Hex.decode(text) else { throw ProofJSONError(description: "\"\(key)\" is not hex") }
        return bytes
    }

    private static func hashes(_ document: ProofJSON, _ key: String) throws(ProofJSONError) -> [[UInt8]] {
        guard case .array(let items)? = document[key] else {
            throw ProofJSONError(description: "\"\(key)\" is missing or not an array")
        }
        var out: [[UInt8]] = []
        for (offset, item) in items.enumerated() {
            guard case .string(let text) = item, let bytes = Hex.decode(text) else {
                throw ProofJSONError(description: "\"\(key)\"[\(offset)] is not a hex string")
            }
            out.append(bytes)
        }
        return out
    }
}
