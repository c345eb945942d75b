import Foundation
import Testing

/// The black-box acceptance suites written from SPEC.md alone, run against the built binary.
///
/// `tools/acceptance.py` (audit 96, about 600 cases past the public sample's 27) and
/// `tools/acceptance2.py` (audit 112, about 500 more by a second tester, for fresh eyes).
@Test(arguments: ["acceptance.py", "acceptance2.py"])
func theAcceptanceSuitesWrittenFromTheSpecPass(script: String) throws {
    let path = Paths.repository.appendingPathComponent("tools/\(script)").path
    let vectors = Paths.shared.appendingPathComponent("vectors/merkle").path
    try #require(FileManager.default.fileExists(atPath: vectors), "the shared folder is missing: \(vectors)")
    let (status, text) = try python(path, ["--bin", Paths.binary, "--shared", Paths.shared.path])
    #expect(status == 0, "\(script) failures:\n\(text)")
    #expect(text.contains(" passed, 0 failed"), "unexpected \(script) output:\n\(text)")
}
