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
}
