import BridgeCore
import Foundation
import GRDB

/// What operators read and replay, on the SQLite store: the command line and the admin API
/// both come here.
extension SQLiteBridgeStore {
    public func events(in state: EventState, limit: Int) async throws -> [StoredEvent] {
        try await events(EventQuery(state: state, limit: limit)).reversed()
    }

    public func events(_ query: EventQuery) async throws -> [StoredEvent] {
        // A search is an id first (the index), then a piece of text.
        for byID in query.text.map({ $0.isEmpty ? [false] : [true, false] }) ?? [false] {
            var sql = SQLiteDialect()
            let filter = OperatorSQL.filter(query, &sql, byID: byID)
            let arguments = sql.arguments + [query.limit]
            let found = try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM events" + filter + " ORDER BY id DESC LIMIT ?", arguments: arguments)
                    .map(StoredEvent.init(row:))
            }
            if !found.isEmpty || !byID { return found }
        }
        return []
    }

    public func event(row: Int64) async throws -> StoredEvent? {
        try await pool.read { db in
            try Row.fetchOne(db, cached: "SELECT * FROM events WHERE id = ?", arguments: [row]).map(StoredEvent.init(row:))
        }
    }

    public func storedEventIDs(provider: ProviderID, among ids: [String]) async throws -> Set<String> {
        var stored: Set<String> = []
        for start in stride(from: 0, to: ids.count, by: OperatorSQL.idsPerQuery) {
            var dialect = SQLiteDialect()
            let sql = OperatorSQL.storedEventIDs(provider: provider, among: ids[start..<min(start + OperatorSQL.idsPerQuery, ids.count)], &dialect)
            let arguments = dialect.arguments
            stored.formUnion(try await pool.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) })
        }
        return stored
    }

    public func events(mentioning id: String, limit: Int) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, cached: OperatorSQL.mentioning("?1") + " LIMIT ?2", arguments: [id, limit]).map(StoredEvent.init(row:))
        }
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        var sql = SQLiteDialect()
        let filter = OperatorSQL.filter(query, &sql)
        let arguments = sql.arguments + [query.limit]
        return try await pool.read { db in
            try Row.fetchAll(db, sql: OutboxSQL.deliverySelect + filter + OperatorSQL.order(query) + " LIMIT ?", arguments: arguments)
                .map(Delivery.init(row:))
        }
    }

    public func deliveries(ofEvent row: Int64) async throws -> [Delivery] {
        try await pool.read { db in
            try Row.fetchAll(db, cached: OutboxSQL.deliverySelect + " WHERE d.event_row = ? ORDER BY d.id", arguments: [row])
                .map(Delivery.init(row:))
        }
    }

    public func attempts(ofDelivery id: Int64) async throws -> [Attempt] {
        try await pool.read { db in
            try Row.fetchAll(db, cached: "SELECT * FROM attempts WHERE delivery_id = ? ORDER BY id", arguments: [id]).map(Attempt.init(row:))
        }
    }

    public func summary(at date: Date) async throws -> StoreSummary {
        try await pool.read { db in
            let counts = try Row.fetchAll(db, cached: OperatorSQL.summaryCounts)
                .map { StoreSummary.Count(provider: $0["provider"], action: $0["action"], status: $0["shown"], count: $0["n"]) }
            let events = try Row.fetchAll(db, cached: OperatorSQL.summaryEvents).reduce(into: [String: Int]()) { $0[$1["state"]] = $1["n"] }
            let oldest = try Int64.fetchOne(db, cached: OperatorSQL.summaryOldestPending)
            let delivered = try Int64.fetchOne(db, cached: OperatorSQL.summaryLastDelivered)
            let failure = try Row.fetchOne(db, cached: OperatorSQL.summaryLastFailure)
            return StoreSummary(
                deliveries: counts, events: events, oldestPendingSince: oldest.map(Millis.date),
                held: counts.filter { $0.status == "held" }.reduce(0) { $0 + $1.count }, lastDeliveredAt: delivered.map(Millis.date),
                lastFailureAt: failure.map { Millis.date($0["at"]) }, lastFailure: failure?["outcome"])
        }
    }

    public func requeueForMapping(rows: [Int64]?) async throws -> Int {
        try await syncedWrite { db in
            let back = OperatorSQL.backToMapping
            guard let rows else {
                try db.execute(cached: back + " WHERE state = 'failed'")
                return db.changesCount
            }
            var count = 0
            for row in rows {
                try db.execute(cached: back + " WHERE id = ? AND " + OperatorSQL.remappable, arguments: [row])
                count += db.changesCount
            }
            return count
        }
    }
}

/// SQLite's placeholders and substring search.
struct SQLiteDialect: SQLDialect {
    var arguments = StatementArguments()
    private var count = 0

    /// Numbered, so that one value may be used twice; a plain `?` after them takes the next number.
    mutating func bind(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): arguments += [text]
        case .integer(let number): arguments += [number]
        case .null: arguments += [DatabaseValue.null]
        }
        count += 1
        return "?\(count)"
    }

    func contains(_ haystack: String, _ needle: String) -> String { "instr(\(haystack), \(needle)) > 0" }
}
