import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The store file's identity (device and inode) as opened. SQLite keeps writing to an open file
/// after it was deleted or replaced, so a 200 would then promise an event that no restart will
/// find: every commit and readiness check compares the path's identity with this first.
struct FileIdentity: Equatable, CustomStringConvertible {
    let device: UInt64
    let inode: UInt64

    /// One `stat(2)`: it runs before every commit, so not Foundation's attributes (which read
    /// /etc/passwd and /etc/group for the owner's names each time).
    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreFileError(path: path, problem: "its device and inode cannot be read (errno \(errno))")
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    var description: String { "device \(device), inode \(inode)" }

    /// Throws when the file at `path` is gone or is another file than `self`.
    func check(path: String) throws {
        let now: FileIdentity
        do {
            now = try FileIdentity(path: path)
        } catch {
            throw StoreFileError(path: path, problem: "the database file is gone (deleted since the service opened it)")
        }
        guard now == self else {
            throw StoreFileError(path: path, problem: "the database file was replaced since the service opened it (\(self) → \(now))")
        }
    }
}

/// The space left for the store file: readiness fails before a full disk refuses commits.
enum FreeSpace {
    /// Bytes an unprivileged writer can still use on the file system that holds `path`.
    static func available(at path: String) throws -> Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else {
            throw StoreFileError(path: path, problem: "the free space of its file system cannot be read (errno \(errno))")
        }
        let (bytes, overflow) = Int64(info.f_bavail).multipliedReportingOverflow(by: Int64(info.f_frsize))
        return overflow ? .max : bytes
    }
}

/// The store file is missing, replaced or cannot be created; says what to do.
public struct StoreFileError: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var remedy = "restart the service"
    public var description: String { "\(path): \(problem); \(remedy)" }
}
