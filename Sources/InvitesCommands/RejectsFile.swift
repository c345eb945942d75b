import Foundation
import Ledger

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
    /// Whether it is a regular file (replaced, and written before the import commits), not a stream written to as it goes.
    let isRegularFile: Bool
    /// Whether this import created the file (it was not there before): one the import never wrote to is then removed if the import fails.
    private let createdHere: Bool
    /// Whether the import has written to it (its refused lines, or nothing in place of what it held).
    private var written = false

    /// Opens (creating when missing, without emptying it yet) the file at `path`, or throws exit 1 naming it.
    ///
    /// One of the files of the ledger in `ledgerDirectory` is refused, whatever the path
    /// that names it (a link, `./`): emptied, it would take the whole ledger with it (audit 49).
    init(path: String, ledgerDirectory: String) throws {
        self.path = path
        let standard = Self.standardDescriptor(path)
        // A new file is this user's only, as the ledger's files are: refused lines hold people's profiles and notes (audit 68 F5).
        // Created and named to the interrupted-import handler with the stopping signals held back, so that
        // a signal between the two cannot leave the new, empty file behind (a test under load did).
        let created: Int32 = standard == nil ? ImportInterruption.holdingSignals { () -> Int32 in
            let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if created >= 0 { ImportInterruption.created(path) }
            return created
        } : -1
        createdHere = created >= 0
        descriptor = created >= 0 ? created : standard.map { dup($0) } ?? open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure("error", "cannot write the rejected lines to \(path): \(String(cString: strerror(errno))); nothing was imported")
        }
        var status = stat()
        isRegularFile = standard == nil && fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        for name in Ledger.folderFileNames where isRegularFile {
            var ledgerFile = stat()
            if stat(ledgerDirectory + "/" + name, &ledgerFile) == 0, ledgerFile.st_dev == status.st_dev, ledgerFile.st_ino == status.st_ino {
                close(descriptor)  // never created here: the ledger's file was there
                throw Failure("error", "--rejects \(path) is the ledger's own \(name), which the rejected lines would replace; "
                    + "name another file; nothing was imported")
            }
        }
    }

    deinit { close(descriptor) }

    /// Removes the file when this import created it and wrote nothing to it: for an import that failed before it was written.
    ///
    /// A failure before the batch (no ledger at the path, a damaged input, an unreadable file) left
    /// an empty file of that name behind, as if the import had run and refused nothing (audit 115).
    /// A file that was there before, or that holds what the import wrote, stays.
    func removeIfUnwritten() {
        guard createdHere, !written else { return }
        unlink(path)
    }

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

    /// Writes the lines at `places` in `input`, each ended by `\n`: in place of a regular file's contents, else after what the stream holds.
    ///
    /// The lines are read again from the input (`JSONLinesFile.forEachPiece`), so a refused
    /// line is copied as it was given, however long, and the import keeps only where it was. An
    /// input written to since it was opened is not read again: its refused lines may have moved.
    /// When the rejects file is the input itself (`--rejects` naming the file imported, to keep
    /// only what failed), every refused line is read before the file is emptied.
    func replaceContents(with places: [Range<Int>], of input: JSONLinesFile) throws(Failure) {
        guard !input.changedSinceOpened() else {
            throw Failure("error", "the input was changed while it was imported, so its refused lines cannot be copied to \(path)")
        }
        let emptyLast = input.isSameFile(as: descriptor)
        written = true
        ImportInterruption.createdFileIsWritten()
        if !emptyLast { try empty() }
        var out: [UInt8] = []
        do {
            for place in places {
                try input.forEachPiece(of: place) { piece in
                    out.append(contentsOf: piece)
                    if !emptyLast, out.count >= 1 << 20 { try flush(&out) }
                }
                out.append(0x0A)
            }
            if emptyLast { try empty() }
            try flush(&out)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure("error", "cannot copy the rejected lines to \(path): \(error)")
        }
        if isRegularFile, fsync(descriptor) != 0 { throw problem() }
    }

    /// Takes back what was written of the refused lines when the import then fails: a file this import created is removed, another emptied.
    ///
    /// For a commit that failed after they were written, and for their own writing failing half
    /// way (a full disk), which would leave cut-off lines. Returns what became of the file, for
    /// the message that says so (audit 137: left empty, unnamed, beside an error about the
    /// ledger's disk; audit 149: left empty where the import had made it); nil when nothing was
    /// written to it.
    func takeBack() -> String? {
        guard written, isRegularFile else { return nil }
        if createdHere, unlink(path) == 0 { return "\(path) was removed" }
        return ftruncate(descriptor, 0) == 0 ? "\(path) is left empty" : nil
    }

    /// Whether this file is the input being imported (`--rejects` naming it, to keep only what failed).
    func isInput(_ input: JSONLinesFile) -> Bool { input.isSameFile(as: descriptor) }

    /// Empties a regular file before it is written; a stream is written after what it holds.
    private func empty() throws(Failure) {
        if isRegularFile, ftruncate(descriptor, 0) != 0 || lseek(descriptor, 0, SEEK_SET) != 0 {
            throw problem()
        }
    }

    /// Writes what `out` holds and empties it.
    private func flush(_ out: inout [UInt8]) throws(Failure) {
        do {
            try out.withUnsafeBytes { try JSONLinesFile.write($0, to: descriptor) }
        } catch {
            throw problem()
        }
        out.removeAll(keepingCapacity: true)
    }

    /// The failure naming the file and what the system said.
    private func problem() -> Failure {
        Failure("error", "cannot write the rejected lines to \(path): \(String(cString: strerror(errno)))")
    }
}
