import BridgeCore
import Foundation
import GRDB

/// The bridge's memory in the `memory` table, one provider's view of it. Reading and merging are
/// Core's (`MemoryLookup`, `MemoryMerge`); this reads and writes rows.
struct SQLiteMemory: MemoryLookup {
    /// The store's own read-only connection for memory reads (`SQLiteBridgeStore.memoryReader`).
    let reader: DatabaseQueue
    let provider: String
    /// Where each read is noted, when the caller will check them at commit.
    var reads: MemoryReads? = nil

    /// Read in place, on the caller's thread: one indexed row from a WAL reader never waits for
    /// the writer, and a hop to GRDB's queue and back cost more than the read, several times an
    /// event. On a connection of its own, not the pool's: a pooled reader can be held across an
    /// async hop, and a thread of the cooperative pool blocked waiting for one could then wait
    /// forever; this connection is only ever held for one synchronous read.
    func value(_ kind: MemoryKind, key: String) async throws -> String? {
        let value = try Self.readInPlace(reader, provider, kind, key)
        reads?.note(MemoryRead(kind: kind.rawValue, key: key, value: value))
        return value
    }

    /// Not async, so that GRDB's synchronous read is the one called.
    private static func readInPlace(_ reader: DatabaseQueue, _ provider: String, _ kind: MemoryKind, _ key: String) throws -> String? {
        try reader.read { db in try entry(db, provider, kind, key)?.value }
    }

    /// Throws `MemoryChanged` when an entry is no longer what was read: inside the commit's
    /// transaction, so nothing can change it between the check and the writes.
    static func check(_ reads: [MemoryRead], provider: String, db: Database) throws {
        for read in reads {
            let value = try String.fetchOne(
                db, cached: "SELECT value FROM memory WHERE provider = ? AND kind = ? AND key = ?",
                arguments: [provider, read.kind, read.key])
            if value != read.value { throw MemoryChanged(kind: read.kind, key: read.key) }
        }
    }

    private static func entry(_ db: Database, _ provider: String, _ kind: MemoryKind, _ key: String) throws -> MemoryEntry? {
        try Row.fetchOne(
            db, cached: "SELECT value, as_of FROM memory WHERE provider = ? AND kind = ? AND key = ?",
            arguments: [provider, kind.rawValue, key]
        ).map { MemoryEntry(kind: kind, key: key, value: $0["value"], asOf: $0["as_of"]) }
    }

    /// Writes one fact as `MemoryMerge` says, over the entry stored under its key.
    static func apply(_ fact: Fact, provider: String, db: Database, at now: Int64) throws {
        let (kind, key) = MemoryMerge.slot(of: fact)
        guard let entry = try MemoryMerge.entry(for: fact, over: try entry(db, provider, kind, key), at: now) else { return }
        try db.execute(
            cached: """
                INSERT INTO memory (provider, kind, key, value, as_of) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (provider, kind, key) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
                """,
            arguments: [provider, entry.kind.rawValue, entry.key, entry.value, entry.asOf])
    }
}
