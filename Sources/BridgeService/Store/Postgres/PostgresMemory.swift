import BridgeCore
import Foundation
import Logging
import PostgresNIO

/// The bridge's memory in the `memory` table, one provider's view of it. Reading and merging are
/// Core's (`MemoryLookup`, `MemoryMerge`); this reads, locks and writes rows.
struct PostgresMemory: MemoryLookup {
    let store: PostgresBridgeStore
    let provider: String
    var reads: MemoryReads?

    /// A memory entry's place.
    struct Slot: Sendable {
        var provider: String
        var kind: String
        var key: String
    }

    func value(_ kind: MemoryKind, key: String) async throws -> String? {
        // Read together with the other workers' reads of the moment: a round trip each was most
        // of a mapping's time on the server. What was read is checked again under the commit's
        // locks, as before.
        let value = try await store.memoryReads.submit(Slot(provider: provider, kind: kind.rawValue, key: key))
        reads?.note(MemoryRead(kind: kind.rawValue, key: key, value: value))
        return value
    }

    /// The values at `slots`, in their order (nil where there is no entry), in one statement.
    static func read(_ slots: [Slot], client: PostgresClient, logger: Logger, server: String) async throws -> [String?] {
        let rows = try await client.query(
            """
            SELECT s.n, m.value FROM unnest(\(slots.map(\.provider))::text[], \(slots.map(\.kind))::text[], \(slots.map(\.key))::text[])
                WITH ORDINALITY AS s(provider, kind, key, n)
            JOIN memory m ON m.provider = s.provider AND m.kind = s.kind AND m.key = s.key
            """, logger: logger)
        var values = [String?](repeating: nil, count: slots.count)
        for try await (n, value) in rows.decode((Int64, String).self) {
            guard (1...Int64(slots.count)).contains(n) else {
                throw PostgresUnavailable(server: server, problem: "a memory read answered row \(n) of \(slots.count)")
            }
            values[Int(n) - 1] = value
        }
        return values
    }

    /// Takes a transaction-long lock on each entry, present or not (a row lock cannot hold an
    /// absent one), in one order, so that two replicas' commits on one entry come one after the other.
    static func lock(_ slots: [(provider: String, kind: String, key: String)], _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        let names = Set(slots.map { "\($0.provider)|\($0.kind)|\($0.key)" }).sorted()
        guard !names.isEmpty else { return }
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest(\(names)::text[]) WITH ORDINALITY AS t(name, n) ORDER BY n",
            logger: logger)
    }

    /// Throws `MemoryChanged` when an entry is no longer what was read (under `lock`).
    static func check(_ reads: [MemoryRead], provider: String, _ connection: PostgresConnection, logger: Logger) async throws {
        for read in reads {
            let value = try await connection.query(
                "SELECT value FROM memory WHERE provider = \(provider) AND kind = \(read.kind) AND key = \(read.key)", logger: logger
            ).decode(String.self).first { _ in true }
            if value != read.value { throw MemoryChanged(kind: read.kind, key: read.key) }
        }
    }
}
