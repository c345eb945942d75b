import Foundation

/// The project's shared folder (SPEC conformance sample, Merkle test vectors), which the tests read.
///
/// `$INVITES_SHARED` names it outright when set and not empty. Otherwise it is `shared` beside
/// the repository, found from this file's path, and from the path with symlinks resolved when a
/// scratch package reaches the tests through one.
public enum SharedFolder {
    /// The folders tried, in order, without repeats.
    public static func candidates(filePath: String = #filePath) -> [URL] {
        if let named = ProcessInfo.processInfo.environment["INVITES_SHARED"], !named.isEmpty {
            return [URL(fileURLWithPath: named, isDirectory: true)]
        }
        var found: [URL] = []
        let file = URL(fileURLWithPath: filePath)
        for path in [file, file.resolvingSymlinksInPath()] {
            // SharedFolder.swift → TestSupport → Tests → the repository.
            let repository = path.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let shared = repository.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
            if !found.contains(shared) { found.append(shared) }
        }
        return found
    }

    /// The first candidate holding `relativePath`, or a description of where it was looked for.
    public static func locate(_ relativePath: String) -> Result<URL, SharedFolderMissing> {
        let tried = candidates()
        for folder in tried where FileManager.default.fileExists(atPath: folder.appendingPathComponent(relativePath).path) {
            return .success(folder)
        }
        return .failure(SharedFolderMissing(relativePath: relativePath, tried: tried))
    }
}

/// The shared folder was not found: says what was looked for and where, and how to point at it.
public struct SharedFolderMissing: Error, CustomStringConvertible {
    /// What should have been inside it.
    public let relativePath: String
    /// Where it was looked for.
    public let tried: [URL]

    public var description: String {
        "no \(relativePath) under \(tried.map(\.path).joined(separator: " or ")): put the project's shared folder beside the repository, or set INVITES_SHARED"
    }
}
