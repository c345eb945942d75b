import Foundation
import Testing

/// The black-box acceptance suite written from SPEC.md alone (`tools/acceptance.py`, audit 96)
/// run against the built binary: about 600 cases past the public sample's 27.
@Test func theAcceptanceSuiteWrittenFromTheSpecPasses() throws {
    let script = Paths.repository.appendingPathComponent("tools/acceptance.py").path
    let vectors = Paths.shared.appendingPathComponent("vectors/merkle").path
    try #require(FileManager.default.fileExists(atPath: vectors), "the shared folder is missing: \(vectors)")
    let (status, text) = try python(script, ["--bin", Paths.binary, "--shared", Paths.shared.path])
    #expect(status == 0, "acceptance failures:\n\(text)")
    #expect(text.contains(" passed, 0 failed"), "unexpected acceptance.py output:\n\(text)")
}
