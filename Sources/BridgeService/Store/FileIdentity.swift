import Foundation

/// The store file's identity (device and inode) as opened. SQLite keeps writing to an open file
/// after it was deleted or replaced, so a 200 would then promise an event that no restart will
/// find: every commit and readiness check compares the path's identity with this first.
struct FileIdentity: Equatable, CustomStringConvertible {
    let device: UInt64
    let inode: UInt64

    init(path: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        guard let device = (attributes[.systemNumber] as? NSNumber)?.uint64Value,
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        else { throw StoreFileError(path: path, problem: "its device and inode cannot be read") }
        self.device = device
        self.inode = inode
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

/// The store cannot promise durability: restart the service once the file is back.
struct StoreFileError: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String { "\(path): \(problem); restart the service" }
}
