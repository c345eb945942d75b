import Foundation

/// The process's resource limits, named in the errors they explain.
extension Environment {
    /// This process's soft limit on `resource` (`ulimit`'s), or nil when there is none.
    public static func softLimit(_ resource: __rlimit_resource) -> UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }
}
