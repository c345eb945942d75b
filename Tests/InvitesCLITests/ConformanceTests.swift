import Foundation
import Testing

/// The public conformance sample (`../shared/conformance/check.py`) run against the built binary.
@Test func thePublicConformanceSamplePasses() throws {
    let script = Paths.shared.appendingPathComponent("conformance/check.py").path
    try #require(FileManager.default.fileExists(atPath: script), "the shared folder is missing: \(script)")
    let (status, text) = try python(script, ["--bin", Paths.binary])
    #expect(status == 0, "conformance failures:\n\(text)")
}
