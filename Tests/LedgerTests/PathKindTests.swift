import Foundation
import Testing
@testable import Ledger

/// Only a path certainly not there is missing; one that cannot be looked at is said so (audit 68 F1).
@Test func aPathIsMissingOnlyWhenNothingIsThere() throws {
    let folder = NSTemporaryDirectory() + "path-kind-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(PathKind.of(folder) == .directory)
    #expect(PathKind.of(folder + "/none") == .missing)
    try Data("abc".utf8).write(to: URL(fileURLWithPath: folder + "/file"))
    #expect(PathKind.of(folder + "/file") == .file(size: 3))
    #expect(PathKind.of(folder + "/file/ledger") == .missing, "ENOTDIR: a file where a folder should be")
    try FileManager.default.createSymbolicLink(atPath: folder + "/loop", withDestinationPath: folder + "/loop")
    #expect(PathKind.of(folder + "/loop") == .unreadable(errno: ELOOP))
}
