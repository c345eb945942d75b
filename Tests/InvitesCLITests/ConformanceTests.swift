import Foundation
import Testing

/// The public conformance sample (`../shared/conformance/check.py`) run against the built binary.
@Test func thePublicConformanceSamplePasses() throws {
    let script = Paths.shared.appendingPathComponent("conformance/check.py").path
    try #require(FileManager.default.fileExists(atPath: script), "the shared folder is missing: \(script)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, "--bin", Paths.binary]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "conformance failures:\n\(text)")
}
