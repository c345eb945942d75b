import Foundation
import Ledger

/// One JSON Lines import run into the ledger: its lines appended as one batch, and what the report after it needs.
///
/// Kept from the batch: where the refused lines are (for the `--rejects` file), how many lines
/// are events and how many have no id, the events dated ahead of the clock, and whether the
/// rejects file was written before the commit.
final class JSONLinesImport {
    private let input: JSONLinesFile
    private let rejectsFile: RejectsFile?
    private let skipInvalid: Bool
    /// Whether the batch lists the invitations it made: not for a table, whose sentence names one only.
    private let listsInvitations: Bool
    private let progress: ImportProgress
    /// Where each refused line is in the input, by line number; kept only when there is a rejects file.
    private var rejectedLines: [Int: Range<Int>] = [:]
    /// Lines that are events without an id: a re-import records these again.
    private(set) var linesWithoutID = 0
    /// Lines that are events, refused or not: --skip-invalid is no advice when none would be appended.
    private(set) var eventLines = 0
    /// Events dated after the clock, said as `send --at` says one (audit 68 F4).
    private(set) var ahead = EventsAhead()
    /// Whether the rejects file was written before the commit (`writeRejectsBeforeCommit()`).
    private(set) var rejectsWritten = false
    /// The input's last line when it has no line break and is refused as JSON cut short: most likely a file still being written.
    private(set) var cutOffLastLine: Int?

    init(input: JSONLinesFile, rejectsFile: RejectsFile?, skipInvalid: Bool, listsInvitations: Bool) {
        self.input = input
        self.rejectsFile = rejectsFile
        self.skipInvalid = skipInvalid
        self.listsInvitations = listsInvitations
        progress = ImportProgress(total: input.byteCount)
    }

    /// Appends the input's lines to the ledger at `options.path` (a first import staged beside it); returns the batch's outcome.
    func commit(at options: LedgerOptions) throws -> AppendOutcome {
        // Nothing at --db yet: the ledger appears there only if the batch commits something.
        let outcome: AppendOutcome
        do {
            outcome = try NewLedgerStaging.append(at: options) { ledger, commits in try append(into: ledger, commits: commits) }
        } catch {
            // The commit failed after the rejects file was written: its lines are of a batch that recorded nothing.
            if rejectsWritten, let undone = rejectsFile?.takeBack() {
                Console.error("invites: note: \(undone): it held the refused lines of a batch that recorded nothing")
            }
            throw error
        }
        progress.finish()
        return outcome
    }

    /// Writes the rejects file when the commit did not (a stream, the input itself, a batch refused); the problem's message when it cannot.
    ///
    /// The imported file itself is replaced only when the batch committed: of a batch that
    /// recorded nothing, its valid lines are nowhere else (audit 150: they were lost).
    func writeRejectsAfterBatch(committed: Bool) -> String? {
        guard let rejectsFile, !rejectsWritten, !rejectedLines.isEmpty || skipInvalid else { return nil }
        if !committed, rejectsFile.isInput(input) {
            Console.note("invites: note: \(rejectsFile.path) is left as it was: the batch recorded nothing, so its valid lines are still "
                + "only there (--rejects names the imported file, which keeps only the refused lines once the valid ones are appended)")
            return nil
        }
        do {
            try rejectsFile.replaceContents(with: refusedPlaces(), of: input)
        } catch {
            return error.message
        }
        return nil
    }

    /// Appends the input's lines to `ledger` as one batch, committed as `commits` says.
    private func append(into ledger: Ledger, commits: BatchCommits) throws -> AppendOutcome {
        let catchUp = try projectionCatchUp(for: ledger)
        let beforeCommit: (LedgerView) throws -> Void = { view in
            ImportInterruption.commitBegins()
            try catchUp?(view)
            try self.writeRejectsBeforeCommit()
        }
        return try ledger.append(skipInvalid: skipInvalid, commits: commits, beforeCommit: beforeCommit) { writer in
            try addLines(to: &writer)
        }
    }

    /// Adds each line of the input to the batch, noting what the report needs of it.
    private func addLines(to writer: inout BatchWriter) throws {
        writer.listsInvitations = listsInvitations
        // Afresh on each run: a batch is run again from its first line when the ledger's map grows.
        rejectedLines.removeAll()
        linesWithoutID = 0
        eventLines = 0
        ahead = EventsAhead()
        cutOffLastLine = nil
        try input.forEachParsedLine { line in
            guard let event = line.event else { return }
            eventLines += 1
            var at: Timestamp?
            if case .success(let proposed) = event {
                at = proposed.at
                if proposed.id == nil { linesWithoutID += 1 }
            }
            let before = writer.outcome.rejected, appendedBefore = writer.outcome.appended
            try writer.add(line: line.number, event)
            if writer.outcome.rejected > before, rejectsFile != nil {
                rejectedLines[line.number] = line.place
            }
            // Only the last line can run to the input's end; its `\n` is not part of its place (audit 150).
            if case .failure(let rejection) = event, rejection.message.hasPrefix(EventParser.notValidJSON),
               let size = input.byteCount, line.place.upperBound >= size {
                cutOffLastLine = line.number
            }
            if let at, writer.outcome.appended > appendedBefore { ahead.note(at, clock: writer.recordedAt) }
            progress.update(line: line.number, bytes: line.bytesRead)
        }
    }

    /// Writes the rejects file before the commit, when it is a regular file and not the input.
    ///
    /// The refused lines are kept before the valid ones commit: a rejects file the disk cannot take fails the
    /// import with nothing written, instead of losing them after the commit (audit 54 L1). Only a regular
    /// file: a stream's reader could hold the write lock for as long as it stalls, and would get the lines
    /// twice from a transaction run again (review 56 M2). Nor the input itself, which is replaced only once
    /// its valid lines are safe in the ledger.
    private func writeRejectsBeforeCommit() throws {
        guard let rejectsFile, rejectsFile.isRegularFile, !rejectsFile.isInput(input) else { return }
        do {
            try rejectsFile.replaceContents(with: refusedPlaces(), of: input)
        } catch {
            // Half written, it would hold cut-off lines (review 57); one this import made goes (audit 149).
            let undone = rejectsFile.takeBack().map { ", and \($0)" } ?? ""
            throw Failure("error", "\(error.message) (nothing was written\(undone))")
        }
        rejectsWritten = true
    }

    /// Where the refused lines are in the input, in line order: what the rejects file receives.
    private func refusedPlaces() -> [Range<Int>] { rejectedLines.keys.sorted().compactMap { rejectedLines[$0] } }
}
