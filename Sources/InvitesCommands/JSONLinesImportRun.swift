import Foundation
import Ledger

extension ImportCommand {
    /// `import` of JSON Lines: appends the input's events as one batch, then says what became of its lines.
    func runJSONLines() throws {
        if let hint = LinkedInExportHint.message(for: file) { throw Failure("error", hint) }
        if file == "-", isatty(STDIN_FILENO) == 1 {
            // Typed at a terminal, or a file argument forgotten: say what it waits for.
            Console.error("invites: reading JSON Lines from standard input; end with Ctrl-D (or name a file: invites import events.jsonl)")
        }
        let input = try JSONLinesFile.open(file)
        // Opened before anything is appended: an unwritable path fails the import with nothing written.
        let rejectsFile = try rejects.map { try RejectsFile(path: $0, ledgerDirectory: options.path) }
        var finished = false
        defer { if !finished { rejectsFile?.removeIfUnwritten() } }
        let batch = JSONLinesImport(input: input, rejectsFile: rejectsFile, skipInvalid: skipInvalid, listsInvitations: options.format != .table)
        let outcome = try batch.commit(at: options)
        try report(outcome, of: batch)
        finished = true
    }

    /// Says what became of the batch: each refused line, the summary, the notes; throws the refusal of one that recorded nothing.
    private func report(_ outcome: AppendOutcome, of batch: JSONLinesImport) throws {
        for (line, rejection) in outcome.rejections {
            Console.error("line \(line): \(rejection.code.rawValue): \(rejection.message)")
        }
        if let line = batch.cutOffLastLine {
            // A file imported while another program still writes it ends in half a line (audit 150: said as any bad JSON).
            Console.note("invites: note: line \(line), the input's last, has no line break and is not whole JSON: if the file was still "
                + "being written, import it once it is complete")
        }
        let rejectsProblem = batch.writeRejectsAfterBatch(committed: outcome.committed)
        AppendReport.print(outcome, format: options.format)
        ClockBehindNote.say(for: outcome)
        if outcome.committed, let said = batch.ahead.sentence { Console.note("invites: note: " + said) }
        if outcome.committed, let note = Self.repeatedRemindersNote(outcome) { Console.note(note) }
        if let rejectsProblem {
            let appended = outcome.committed ? "the \(outcome.appended) valid line\(outcome.appended == 1 ? " was" : "s were") appended" : "nothing was written"
            throw Failure("error", "\(rejectsProblem) (\(appended))")
        }
        let noteAdvice = noteLimitAdvice(outcome, linesWithoutID: batch.linesWithoutID)
        if !outcome.committed {
            throw Self.refusal(outcome, eventLines: batch.eventLines, linesWithoutID: batch.linesWithoutID, noteAdvice: noteAdvice)
        }
        if outcome.rejected > 0 {
            Console.error("invites: note: skipped \(outcome.rejected) refused line\(outcome.rejected == 1 ? "" : "s")" + (rejects.map { "; copied to \($0)" } ?? "")
                + noteAdvice)
        }
    }
}
