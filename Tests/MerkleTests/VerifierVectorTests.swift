import Foundation
import Merkle
import Testing

/// The transparency-dev/merkle verifier suite: each case is a proof, valid or tampered.
struct VerifierVectorTests {
    struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    @Test func everyVerifierVectorGivesItsExpectedAnswer() throws {
        let vectors = try SharedVectors.merkleDirectory()
        let inclusionFiles = try SharedVectors.jsonFiles(under: vectors.appendingPathComponent("inclusion"))
        let consistencyFiles = try SharedVectors.jsonFiles(under: vectors.appendingPathComponent("consistency"))
        #expect(inclusionFiles.count + consistencyFiles.count == 196)

        for file in inclusionFiles {
            let vector = try SharedVectors.decode(InclusionCase.self, from: file)
            let outcome = Result {
                try MerkleVerifier.verifyInclusion(
                    leafHash: base64Bytes(vector.leafHash), index: vector.leafIdx, size: vector.treeSize,
                    proof: (vector.proof ?? []).map(base64Bytes), root: base64Bytes(vector.root))
            }
            #expect(outcome.failed == vector.wantErr, "\(file.path): \(vector.desc) → \(outcome)")
        }
        for file in consistencyFiles {
            let vector = try SharedVectors.decode(ConsistencyCase.self, from: file)
            let outcome = Result {
                try MerkleVerifier.verifyConsistency(
                    size1: vector.size1, size2: vector.size2,
                    root1: base64Bytes(vector.root1), root2: base64Bytes(vector.root2),
                    proof: (vector.proof ?? []).map(base64Bytes))
            }
            #expect(outcome.failed == vector.wantErr, "\(file.path): \(vector.desc) → \(outcome)")
        }
    }

    @Test func rejectionsCarryAReadableMessage() {
        let short = [UInt8](repeating: 0, count: 31)
        let full = [UInt8](repeating: 0, count: 32)
        #expect(throws: MerkleError("leaf hash is 31 bytes, not 32")) {
            try MerkleVerifier.verifyInclusion(leafHash: short, index: 0, size: 1, proof: [], root: full)
        }
        #expect(throws: MerkleError("leaf index 3 is not below tree size 3")) {
            try MerkleVerifier.verifyInclusion(leafHash: full, index: 3, size: 3, proof: [], root: full)
        }
        #expect(throws: MerkleError("a consistency proof from an empty tree proves nothing")) {
            try MerkleVerifier.verifyConsistency(size1: 0, size2: 0, root1: full, root2: full, proof: [])
        }
        #expect(throws: MerkleError("first size 2 is above second size 1")) {
            try MerkleVerifier.verifyConsistency(size1: 2, size2: 1, root1: full, root2: full, proof: [])
        }
    }
}

extension Result where Failure == any Error {
    var failed: Bool {
        if case .failure = self { return true }
        return false
    }
}
