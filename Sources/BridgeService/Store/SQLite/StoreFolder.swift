import Foundation

/// Whether the service will be able to create its database file at a path, found without
/// creating anything: the nearest folder that exists must be writable.
public enum StoreFolder {
    /// Says where the file will go; throws `StoreFileError` when it cannot be created there.
    public static func check(for path: String) throws -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var existing = folder
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        guard FileManager.default.isWritableFile(atPath: existing.path) else {
            throw StoreFileError(path: path, problem: "the folder \(existing.path) is not writable, so the database cannot be created",
                remedy: "give the service's user write access, or set BRIDGE_DATABASE_URL")
        }
        return existing == folder
            ? "its folder \(folder.path) is writable" : "\(folder.path) will be created in \(existing.path), which is writable"
    }
}
