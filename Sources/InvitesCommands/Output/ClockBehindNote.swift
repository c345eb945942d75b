import Ledger

/// The note of a write whose clock is behind the last recorded event's `recorded_at` (audit 115 F11).
///
/// SPEC keeps `recorded_at` the real clock when an event is appended, so a clock stepped back
/// (NTP, a virtual machine restored from a snapshot) makes it go backwards along the log. Nothing
/// reads it as ordered (positions order the log, `verify` and the projections never compare it),
/// but a reader of the log would take it for a mistake: the write says so as it happens. A verb
/// without `--at` takes the clock as its event's time too, which such a clock can put before its
/// pair's latest event (`out_of_order`): that refusal is explained the same way.
enum ClockBehindNote {
    /// Says the note for `outcome` on standard error, when it met a clock earlier than the event before it.
    ///
    /// That is, when it recorded events at such a clock, or was refused as `out_of_order` at one.
    static func say(for outcome: AppendOutcome) {
        guard let behind = outcome.clockBehind else { return }
        let (gap, overflow) = behind.lastRecordedAt.milliseconds.subtractingReportingOverflow(behind.clock.milliseconds)
        let said = "invites: note: the clock (\(behind.clock.rfc3339)) is behind the last recorded event's recorded_at "
            + "(\(behind.lastRecordedAt.rfc3339)) by \(overflow ? "years" : TimeAhead.span(gap))"
        if outcome.committed, outcome.appended > 0, let first = outcome.firstPosition {
            Console.note(said + ": recorded_at goes backwards here (position \(first)); is this machine's clock right?")
        } else if outcome.rejections.contains(where: { $0.rejection.code == .outOfOrder }) {
            Console.note(said + ", and an event given no --at takes the clock as its time; is this machine's clock right?")
        }
    }
}
