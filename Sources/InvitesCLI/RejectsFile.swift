import Foundation

/// The `--rejects` file of an import: opened before the import appends anything, written after.
///
/// Opening first means a path that cannot be written (a missing folder, a directory, no
/// permission) fails the import before it changes the ledger, instead of after the valid
/// lines were committed, when a script retrying on exit 1 would send them again.
///
/// A regular file is emptied and then holds the refused lines. Anything else is written to as
/// a stream and never emptied: a pipe, a FIFO, `>(gzip > r.gz)`, and `/dev/stdout` or
/// `/dev/stderr`, which are written through the process's own descriptor, so that
/// `2>>log` keeps appending to the log instead of the log being emptied.
final class RejectsFile {
    let path: String
    private let descriptor: Int32
    private let isRegularFile: Bool

    /// Opens (creating when missing, without emptying it yet) the file at `path`, or throws exit 1 naming it.
    init(path: String) throws {
        self.path = path
        let standard = Self.standardDescriptor(path)
        descriptor = standard.map { dup($0) } ?? open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure("error", "cannot write the rejected lines to \(path): \(String(cString: strerror(errno))); nothing was imported")
        }
        var status = stat()
        isRegularFile = standard == nil && fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    deinit { close(descriptor) }

    /// The descriptor `/dev/stdout`, `/dev/stderr` or `/dev/fd/N` name, which is written to rather than opened again.
    private static func standardDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Writes `lines`, each ended by `\n`: in place of a regular file's contents, else after what the stream holds.
    func replaceContents(with lines: [[UInt8]]) throws(Failure) {
        var out: [UInt8] = []
        for line in lines {
            out.append(contentsOf: line)
            out.append(0x0A)
        }
        if isRegularFile, ftruncate(descriptor, 0) != 0 || lseek(descriptor, 0, SEEK_SET) != 0 {
            throw problem()
        }
        var written = 0
        while written < out.count {
            let done = out.withUnsafeBytes { bytes in
                bytes.baseAddress.map { write(descriptor, $0 + written, bytes.count - written) } ?? -1
            }
            if done < 0, errno == EINTR { continue }
            guard done > 0 else { throw problem() }
            written += done
        }
        if isRegularFile, fsync(descriptor) != 0 { throw problem() }
    }

    /// The failure naming the file and what the system said.
    private func problem() -> Failure {
        Failure("error", "cannot write the rejected lines to \(path): \(String(cString: strerror(errno)))")
    }
}
