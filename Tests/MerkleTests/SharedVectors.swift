import Foundation
import Testing

/// Finds and reads the public test vectors in the shared folder beside the repository.
///
/// `INVITES_SHARED` names the shared folder outright. Otherwise it is `../shared` from the
/// repository root, found from this file's path; when the test target is reached through a
/// symlink (a scratch package pointing into the repository) the resolved path is tried too.
enum SharedVectors {
    static func merkleDirectory(filePath: String = #filePath) throws -> URL {
        var candidates: [URL] = []
        if let shared = ProcessInfo.processInfo.environment["INVITES_SHARED"], !shared.isEmpty {
            candidates.append(URL(fileURLWithPath: shared, isDirectory: true))
        } else {
            let file = URL(fileURLWithPath: filePath)
            for path in [file, file.resolvingSymlinksInPath()] {
                // File.swift → MerkleTests → Tests → repository root.
                let root = path.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true))
            }
        }
        for shared in candidates {
            let merkle = shared.appendingPathComponent("vectors/merkle", isDirectory: true)
            if FileManager.default.fileExists(atPath: merkle.appendingPathComponent("README.md").path) {
                return merkle
            }
        }
        throw VectorError("no vectors/merkle under any of: \(candidates.map(\.path).joined(separator: ", "))")
    }

    /// Every `*.json` file under `directory`, sorted so runs report cases in a stable order.
    static func jsonFiles(under directory: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw VectorError("cannot list \(directory.path)")
        }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    static func decode<T: Decodable>(_ type: T.Type, from file: URL) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: file))
    }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Standard base64 to bytes; a vector that is not base64 is a broken vector, not a test case.
func base64Bytes(_ text: String) throws -> [UInt8] {
    guard let data = Data(base64Encoded: text) else { throw VectorError("not base64: \(text)") }
    return Array(data)
}

func hexBytes(_ text: String) throws -> [UInt8] {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { throw VectorError("odd-length hex: \(text)") }
    return try stride(from: 0, to: digits.count, by: 2).map { offset in
        guard let byte = UInt8(String(decoding: digits[offset..<offset + 2], as: UTF8.self), radix: 16) else {
            throw VectorError("not hex: \(text)")
        }
        return byte
    }
}
