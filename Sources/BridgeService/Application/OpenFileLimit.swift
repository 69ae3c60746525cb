#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every connection is an open file. The soft limit (often 1,024) is raised to the hard limit at
/// start, so that a crowd of connections does not starve the listener and the database.
public enum OpenFileLimit {
    /// The soft limit before and after; unchanged when it cannot be read or raised.
    @discardableResult
    public static func raiseToHardLimit() -> (before: UInt64, after: UInt64)? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(resource, &limit) == 0, getrlimit(resource, &limit) == 0 else { return (before, before) }
        return (before, UInt64(limit.rlim_cur))
    }
}
