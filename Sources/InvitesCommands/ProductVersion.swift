import Ledger

/// The version `invites --version` prints: this build's and the log record version it writes.
///
/// The product's number follows semantic versioning and stays below 1.0 while the storage
/// format may still change (every change so far reads the older forms: README, "Storage").
enum ProductVersion {
    /// The product's version number.
    static let number = "0.12.0"

    /// The line `--version` prints, e.g. `0.12.0 (writes log records version 3)`.
    static var description: String { "\(number) (writes log records version \(EventRecord.currentVersion))" }
}
