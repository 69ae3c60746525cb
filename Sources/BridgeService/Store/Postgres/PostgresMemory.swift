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

    func value(_ kind: MemoryKind, key: String) async throws -> String? {
        let (client, logger, provider) = (store.client, store.logger, provider)
        let value = try await store.run("read memory") {
            try await client.query(
                "SELECT value FROM memory WHERE provider = \(provider) AND kind = \(kind.rawValue) AND key = \(key)", logger: logger
            ).decode(String.self).first { _ in true }
        }
        reads?.note(MemoryRead(kind: kind.rawValue, key: key, value: value))
        return value
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
