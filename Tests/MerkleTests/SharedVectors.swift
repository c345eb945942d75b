import Foundation
import Testing
import TestSupport

/// Finds and reads the public test vectors in the project's shared folder (`SharedFolder`).
enum SharedVectors {
    static func merkleDirectory() throws -> URL {
        try SharedFolder.locate("vectors/merkle/README.md").get().appendingPathComponent("vectors/merkle", isDirectory: true)
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
