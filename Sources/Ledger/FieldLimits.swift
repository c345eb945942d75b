/// Limits on what one event may hold, so a hostile line cannot bloat the log.
public enum FieldLimits {
    /// The longest input line accepted by import, in bytes.
    public static let lineBytes = 1 << 20
    /// The longest invitation or `by`, in bytes of UTF-8.
    public static let identifierBytes = 1024
    /// The longest event id, in bytes of UTF-8: room for `expire:` before any invitation.
    ///
    /// `expire:` then the invitation is the id `expire --due` records, so that an export of what
    /// it wrote imports again.
    public static let eventIDBytes = identifierBytes + "expire:".utf8.count
    /// The longest account, recipient, source or template, in bytes of UTF-8.
    ///
    /// These are interned (`NameTable`) or part of index and projection keys, and LMDB keys
    /// hold at most 511 bytes: 400 leaves room for what a key adds around the name.
    public static let nameBytes = 400
    /// The longest `reason`, in Unicode scalars.
    public static let reasonScalars = 2000
    /// The longest note, in bytes of its JSON string (escapes counted), whatever `note_limit` allows.
    ///
    /// An event's line of `export` must fit the `lineBytes` an import reads (SPEC §2: an export
    /// imports into a fresh ledger). Every other field is bounded above (escaped, at most six
    /// bytes a byte: ids 6 KB, names 2.4 KB, a reason 12 KB, times, position and hash a few
    /// hundred bytes: under 40 KB in all), so a note of at most this many leaves the line within
    /// `lineBytes` (audit 137: a note of ≈ 1 MiB under `note_limit=2000000` was recorded and
    /// exported as a line import refused).
    public static let noteJSONBytes = lineBytes - (64 << 10)
}
