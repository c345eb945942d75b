import Foundation
import Ledger
import LinkedInExport

/// Writes to standard output and standard error, buffered, so large exports do not make a syscall per line.
///
/// Main thread only: the buffer is shared, unsynchronised state, so no other thread may print.
enum Console {
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    /// Why standard output could not be written (a full disk under `> file`), once it failed; later output is dropped.
    nonisolated(unsafe) private(set) static var outputFailure: String?
    /// What the command wrote to the ledger before its output, said when printing that output fails; nil for nothing.
    ///
    /// So that the failure does not read as a failed write: `the events were recorded`, `the policy was saved`.
    nonisolated(unsafe) static var writtenBeforeOutput: String?

    /// Appends text and a newline to standard output.
    static func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        flushIfFull()
    }

    /// Appends a line given as UTF-8 bytes, and a newline.
    static func line(utf8 bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        flushIfFull()
    }

    /// Whether `held` is running: output is only buffered then, written when it returns.
    nonisolated(unsafe) private static var holding = false

    /// Writes the buffer once it holds 64 KiB, unless `held` is running.
    private static func flushIfFull() {
        if buffer.count >= 1 << 16, !holding { flush() }
    }

    /// Runs `body` with standard output only buffered, then writes it.
    ///
    /// `body` may hold a read transaction, which a reader that stops reading must not keep open (`ExportedLines`).
    static func held<R>(_ body: () throws -> R) rethrows -> R {
        holding = true
        defer {
            holding = false
            flushIfFull()
        }
        return try body()
    }

    /// Appends text to standard output, with no newline.
    static func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Writes a JSON array and a newline, one element at a time.
    ///
    /// The same bytes as `line(JSONValue.array(elements.map(value)).text)`, without holding the whole document.
    ///
    /// A query of a large ledger can answer with hundreds of thousands of rows (`cooldown` lists
    /// every connected pair); building them all as one value and one string first took most of
    /// its time and memory.
    static func jsonArray<Elements: Sequence>(_ elements: Elements, _ value: (Elements.Element) -> JSONValue) {
        buffer.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            value(element).write(into: &buffer)
            flushIfFull()
        }
        buffer.append(UInt8(ascii: "]"))
        buffer.append(0x0A)
        flushIfFull()
    }

    /// Writes what is buffered (the notes kept so far first, on standard error: `note`).
    static func flush() {
        guard !buffer.isEmpty else { return }
        writeNotes()
        if outputFailure == nil {
            // A stopping signal waits for the buffer to be written (`WholeLineWrites`): whole lines, as `line` adds them
            // (a JSON array, one line, may be written in parts and so cut).
            WholeLineWrites.run { buffer.withUnsafeBytes { raw in
                // Interrupted: again, unless by a stopping signal, which ends the process once this returns.
                let ending = WholeLineWrites.writeLines(raw) { piece in
                    FileDescriptorWrites.writeAll(piece, to: 1, waitingWhenNotReady: true, stopping: { WholeLineWrites.isStopping })
                }
                if case let .failed(returned, code) = ending {
                    // A reader that went away (`| head`) ends the process by SIGPIPE before this; where SIGPIPE is
                    // ignored (systemd's default for services) the write fails with EPIPE: the output is cut, said
                    // and exit 1 as `cat` does (audit 115 F2: it was exit 0 in silence, a truncated export a success).
                    outputFailure = String(cString: strerror(returned < 0 ? code : EIO))
                }
            } }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Whether standard output is a pipe or socket whose reader has gone away (`| head` done), before anything is written to it.
    ///
    /// A follower waiting for new events writes nothing, so it would learn of it only at the next
    /// event; `tail -f` asks the same of its output while idle. A file or a terminal never says so.
    static var readerIsGone: Bool {
        var output = pollfd(fd: 1, events: 0, revents: 0)
        guard poll(&output, 1, 0) > 0 else { return false }
        return output.revents & Int16(POLLERR | POLLHUP) != 0
    }

    /// Records that standard output's reader went away before anything more was written.
    ///
    /// As a follower finds with `readerIsGone`, SIGPIPE ignored: the command then fails as a write to it would.
    static func readerWentAway() {
        if outputFailure == nil { outputFailure = String(cString: strerror(EPIPE)) }
    }

    /// Writes a line to standard error at once, any control character in it escaped (`oneLine`).
    static func error(_ text: String) {
        flush()
        writeStandardError(oneLine(text) + "\n")
    }

    /// Writes lines to standard error at once, as they are: for the argument parser's error and usage block.
    static func errorLines(_ text: String) {
        flush()
        writeStandardError(text + "\n")
    }

    /// Writes text to standard error with `write(2)`; a failure (a full disk, a closed descriptor) is ignored.
    ///
    /// There is nowhere left to say it, and the exit status still tells. Foundation's
    /// `FileHandle.write(_:)` traps instead, which killed an import after its commit, in the
    /// middle of listing its refused lines (audit 49).
    static func writeStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { FileDescriptorWrites.writeAll($0, to: 2, waitingWhenNotReady: true) }
    }

    /// `text` made fit for one line of standard error.
    ///
    /// Each control character or line separator in it (from a value someone gave) is escaped as
    /// JSON does (`\n`, `\t`, `\u001b`).
    ///
    /// So no value starts a line of its own, which a reader would take for the command's (a
    /// forged `invites: …` line), or sends the terminal an escape (audit 49).
    static func oneLine(_ text: String) -> String {
        guard Table.needsOneLine(text) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Table.isControlOrLineSeparator(scalar): out += "\\u" + String(format: "%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Notes waiting for the command's answer or error line (`note`).
    nonisolated(unsafe) private static var notes: [String] = []

    /// Keeps an advisory line (`invites: note: …`) for standard error, written before the answer's first bytes or after an error line.
    ///
    /// A client that reads the first `invites: <code>: …` line of a refusal (SPEC §3) must find
    /// the refusal's code there, not `note`: a refusal writes nothing on standard output, so its
    /// notes wait until `reportingFailures` has written the error line. An answer's notes go out
    /// just before its first bytes do, so that a reader gone (`| head`, which ends the process
    /// with SIGPIPE) does not take them with it.
    static func note(_ text: String) {
        notes.append(text)
    }

    /// Notes about the event a command is about to record, kept only if it is recorded (`noteIfRecorded`).
    nonisolated(unsafe) private static var notesIfRecorded: [String] = []

    /// Keeps a note that says something about an event being recorded (`--at` after the clock: "it is recorded as
    /// given"), to be said only when the command records it (`recorded`); a refused event's note would mislead.
    static func noteIfRecorded(_ text: String) {
        notesIfRecorded.append(text)
    }

    /// Says the notes kept by `noteIfRecorded`: the command's event is recorded.
    static func recorded() {
        notes.append(contentsOf: notesIfRecorded)
        notesIfRecorded.removeAll()
    }

    /// Writes a refusal's error line at once, before the notes kept so far and an answer still to come.
    ///
    /// For a refusal that also answers on standard output (a refused `send --format json` prints
    /// its verdict): the answer's notes would go out before its first bytes (`note`), and so before
    /// the error line, where a client reads the refusal's code on the first line (README).
    ///
    /// Nothing may wait on standard output then (a refusal comes before its answer): it would go out
    /// after the line, and its notes, which `flush` writes first, before it.
    static func refusal(_ text: String) {
        assert(buffer.isEmpty, "a refusal's line is written before any answer")
        writeStandardError(oneLine(text) + "\n")
    }

    /// Writes the notes kept so far to standard error (at the end of a command).
    static func flushNotes() {
        flush()
        writeNotes()
    }

    private static func writeNotes() {
        let kept = notes
        notes.removeAll()
        for text in kept { writeStandardError(oneLine(text) + "\n") }
    }
}

/// The output formats of `--format`.
enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv
}

extension Table {
    /// Prints the table in the chosen format (JSON is printed by the caller).
    ///
    /// CSV is RFC 4180 as CRMs import it: UTF-8 without a byte order mark, a header row, CRLF
    /// line ends, fields quoted only when they hold a comma, a quote or a line break (or begin or
    /// end with white space), the cells' raw values (see ``Table/Cell``), and no footer.
    func print(as format: OutputFormat) {
        switch format {
        case .csv:
            // Row by row: a large answer (every connected pair) is never one string, nor a second list.
            forEachCSVRecord { Console.text(CSVWriter.row($0)) }
        default:
            renderLines(fittingTo: TerminalColumns.ofStandardOutput) { Console.line(utf8: $0) }
        }
    }

    /// Prints `rows` as CSV as they come, each made a record by `record`, under `header`: no table is held.
    ///
    /// For the long answers a CRM takes (`pending`, `cooldown`): a `Table` of them keeps two
    /// texts per cell beside the rows (`pending` of 120,000 rows held 177 MB for CSV against
    /// 47 MB for JSON, audit 60 L4). The same records as `print(as: .csv)` writes.
    static func printCSV<Rows: Sequence>(header: [String], _ rows: Rows, _ record: (Rows.Element) -> [String?]) {
        Console.text(CSVWriter.row(header))
        for row in rows { Console.text(CSVWriter.row(record(row))) }
    }
}
