import Ledger

/// The events of an import dated more than an hour after the clock, to be said as `send --at` says one.
///
/// SPEC records facts as given, so such events are kept; but a pair's later events may not be
/// earlier (`out_of_order`), so a mistyped year or a file in another zone's local time would
/// refuse the real ones that follow (audit 68 F4).
struct EventsAhead {
    /// How many appended events were dated more than an hour after the clock.
    private(set) var count = 0
    /// The latest of them, with the clock it was judged by.
    private(set) var latest: (at: Timestamp, clock: Timestamp)?

    /// Counts an appended event dated `at`, judged by `clock` (the batch's `recorded_at`).
    mutating func note(_ at: Timestamp, clock: Timestamp) {
        guard at.isMoreThanAnHour(after: clock) else { return }
        count += 1
        if latest.map({ at > $0.at }) ?? true { latest = (at, clock) }
    }

    /// The note's sentence, or nil when no event was ahead.
    var sentence: String? {
        guard let latest else { return nil }
        let events = count == 1 ? "1 event is" : "\(count) events are"
        return "\(events) dated more than an hour after the clock (the latest at \(latest.at.rfc3339), "
            + "\(TimeAhead.phrase(latest.at, from: latest.clock))); recorded as given, but their pairs' "
            + "later events may not be earlier (out_of_order)"
    }
}
