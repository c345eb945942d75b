import Foundation

/// The `--rejects` file of an import: opened before the import appends anything, written after.
///
/// Opening first means a path that cannot be written (a missing folder, a directory, no
/// permission) fails the import before it changes the ledger, instead of after the valid
/// lines were committed, when a script retrying on exit 1 would send them again.
final class RejectsFile {
    let path: String
    private let handle: FileHandle

    /// Opens (creating when missing, without emptying it yet) the file at `path`, or throws exit 1 naming it.
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure("error", "cannot write the rejected lines to \(path): \(String(cString: strerror(errno))); nothing was imported")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Replaces the file's contents with `lines`, each ended by `\n`.
    func replaceContents(with lines: [[UInt8]]) throws(Failure) {
        var out: [UInt8] = []
        for line in lines {
            out.append(contentsOf: line)
            out.append(0x0A)
        }
        do {
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(out))
            try handle.synchronize()
        } catch {
            throw Failure("error", "cannot write the rejected lines to \(path): \(error.localizedDescription)")
        }
    }
}
