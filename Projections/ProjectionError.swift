/// Damaged projection state: what is wrong, and which projection holds it once the runner knows.
///
/// The codecs that find the damage (`StateReader`, the stored facts) do not know whose bytes they
/// read; the runner and the stored read model name the projection (`in(_:)`), so the error can
/// point at the one `invites rebuild NAME` that mends it.
public struct ProjectionError: Error, CustomStringConvertible, Sendable {
    /// What is damaged, as the codec saw it.
    public let detail: String
    /// The projection whose state it is (`pending`, `cooldown`, `metrics`); nil until named.
    public private(set) var projection: String?

    /// Damage described by `detail`, in a projection not named yet.
    public init(_ detail: String) { self.detail = detail }

    /// The same damage, said to be in `projection` (a name given first is kept).
    public func `in`(_ projection: String) -> ProjectionError {
        var named = self
        named.projection = self.projection ?? projection
        return named
    }

    /// `the <name> projection: <detail>`, or the detail alone.
    public var description: String { projection.map { "the \($0) projection: \(detail)" } ?? detail }
}

/// Runs `body`, naming `projection` in any `ProjectionError` it throws.
func reading<R>(_ projection: String, _ body: () throws -> R) throws -> R {
    do { return try body() } catch let damage as ProjectionError { throw damage.in(projection) }
}
