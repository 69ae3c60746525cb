import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a file beside the database, held while migrating. Not on the database
/// file itself: closing any descriptor of it would drop SQLite's own locks in this process.
enum MigrationLock {
    static func holding<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreFileError(
                path: lockPath, problem: "the migration lock cannot be opened (\(String(cString: strerror(errno))))",
                remedy: "make the database's folder writable by the service's user")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreFileError(
                    path: lockPath, problem: "the migration lock cannot be taken (\(String(cString: strerror(errno))))",
                    remedy: "check the file system supports locks (a network file system may not)")
            }
        }
        return try body()
    }
}
