import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// Copies a SQLite store into a PostgreSQL one, row for row and id for id (the two schemas have
/// the same columns), in batches of one transaction each: stopped at any point, it goes on from
/// the last id copied when run again. For a team that outgrows one container.
public struct StoreCopier: Sendable {
    let source: SQLiteBridgeStore
    let destination: PostgresBridgeStore
    public var batch = 500

    public init(from source: SQLiteBridgeStore, to destination: PostgresBridgeStore) {
        self.source = source
        self.destination = destination
    }

    /// Tables with an id, in the order their references need.
    static let tables: [(name: String, columns: [String])] = [
        ("events", ["id", "provider", "event_id", "event_type", "occurred_at", "received_at", "body", "headers", "state", "error",
                    "wait_until", "waiting_on", "claimed_by", "claim_until"]),
        ("deliveries", ["id", "event_row", "endpoint", "fp_event_id", "call", "note", "status", "attempts", "next_attempt_at",
                        "last_http_status", "last_response", "outcome", "created_at", "updated_at", "queued_at", "after_endpoint",
                        "after_event_id", "claimed_by", "claim_until"]),
        ("attempts", ["id", "delivery_id", "at", "kind", "url", "http_status", "duration_ms", "response", "outcome"]),
    ]

    /// What was copied of one table: rows now in the destination, of the source's.
    public struct Progress: Sendable {
        public var table: String
        public var copied: Int
        public var total: Int
    }

    /// Copies what the destination does not have yet; `progress` after each batch.
    public func copy(progress: @Sendable (Progress) -> Void) async throws {
        for table in Self.tables {
            try await checkSameRows(table.name)
            // Rows with an id go on after the last one copied.
            try await copyRows(table.name, columns: table.columns, key: "id", after: try await destinationMax(table.name), conflict: "(id)", progress)
            // New rows in the destination continue after the copied ids.
            try await destination.transaction("move \(table.name)'s id sequence") { connection in
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM \(table.name)), false)"),
                    logger: destination.logger)
            }
        }
        // Memory and index rows have no id: copied whole, each kept if the destination has it already.
        try await copyRows(
            "memory", columns: ["provider", "kind", "key", "value", "as_of"], key: "rowid", after: 0, conflict: "(provider, kind, key)", progress)
        try await copyRows("event_ids", columns: ["id", "event_row"], key: "rowid", after: 0, conflict: "(id, event_row)", progress)
        try await copyRows(
            "import_runs", columns: ImportRunSQL.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, key: "rowid",
            after: 0, conflict: "(provider, kind, since)", progress)
        let signedOut = try await source.consoleSessionsValidAfter()
        if signedOut > 0 { try await destination.endConsoleSessions(at: Date(timeIntervalSince1970: Double(signedOut) / 1000)) }
    }

    /// Copies a table's rows whose `key` is above `after`, in batches, in `key` order.
    private func copyRows(
        _ table: String, columns: [String], key: String, after start: Int64, conflict: String, _ progress: @Sendable (Progress) -> Void
    ) async throws {
        let total = try await source.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
        var copied = try await source.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(key) <= ?", arguments: [start]) ?? 0
        }
        progress(Progress(table: table, copied: copied, total: total))
        var last = start
        while true {
            let after = last
            let rows = try await source.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(key) AS copy_key, \(columns.joined(separator: ", ")) FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT ?",
                    arguments: [after, batch])
            }
            guard let end = rows.last else { break }
            try await insert(rows, into: table, columns: columns, conflict: conflict)
            last = end["copy_key"]
            copied += rows.count
            progress(Progress(table: table, copied: copied, total: total))
        }
    }

    /// The highest id the destination holds of a table (0: none).
    private func destinationMax(_ table: String) async throws -> Int64 {
        try await destination.read("read \(table)'s last id", PostgresQuery(unsafeSQL: "SELECT coalesce(max(id), 0) AS last FROM \(table)")) {
            try $0.value("last", as: Int64.self)
        }.first ?? 0
    }

    /// Refuses a destination whose rows are not this source's: ids would collide.
    private func checkSameRows(_ table: String) async throws {
        guard table == "events" else { return }
        let last = try await destinationMax(table)
        guard last > 0 else { return }
        let there = try await destination.read(
            "read the last event", PostgresQuery(unsafeSQL: "SELECT provider, event_id FROM events WHERE id = \(last)")
        ) { "\(try $0.value("provider", as: String.self)) \(try $0.value("event_id", as: String.self))" }.first
        let here = try await source.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT provider, event_id FROM events WHERE id = ?", arguments: [last])
                .map { "\($0["provider"] as String) \($0["event_id"] as String)" }
        }
        guard there == here else {
            throw StoreCopyError(
                problem: "the destination's event \(last) is \(there ?? "missing") where this store has \(here ?? "none"): it holds another store's rows; copy into a new database or schema")
        }
    }

    private func insert(_ rows: [Row], into table: String, columns: [String], conflict: String) async throws {
        var statement = PostgresStatement("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
        var tuples: [String] = []
        for row in rows {
            var values: [String] = []
            for column in columns {
                switch row[column] as DatabaseValue {
                case let value where value.isNull: values.append("NULL")
                case let value:
                    switch value.storage {
                    case .int64(let number): values.append(statement.bind(number))
                    case .string(let text): values.append(statement.bind(text))
                    case .blob(let data): values.append(statement.bind(ByteBuffer(bytes: data)))
                    case .double(let number): values.append(statement.bind(number))
                    case .null: values.append("NULL")
                    }
                }
            }
            tuples.append("(" + values.joined(separator: ", ") + ")")
        }
        statement.append(tuples.joined(separator: ", ") + " ON CONFLICT \(conflict) DO NOTHING")
        let query = statement.query
        try await destination.transaction("copy \(rows.count) rows into \(table)") { connection in
            try await connection.query(query, logger: destination.logger)
        }
    }
}

/// Copying stores cannot go on; says why.
public struct StoreCopyError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
