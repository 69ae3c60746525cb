import BridgeCore
import Foundation
import PostgresNIO

/// What operators read and replay, on PostgreSQL: the same filters as SQLite (`OperatorSQL`).
extension PostgresBridgeStore {
    public func events(in state: EventState, limit: Int) async throws -> [StoredEvent] {
        try await events(EventQuery(state: state, limit: limit)).reversed()
    }

    public func events(_ query: EventQuery) async throws -> [StoredEvent] {
        // A search is an id first (the index), then a piece of text.
        for byID in query.text.map({ $0.isEmpty ? [false] : [true, false] }) ?? [false] {
            var statement = PostgresStatement("SELECT * FROM events")
            statement.append(OperatorSQL.filter(query, &statement, byID: byID))
            statement.append(" ORDER BY id DESC LIMIT \(statement.bind(Int64(query.limit)))")
            let found = try await read("list events", statement.query) { try StoredEvent(row: $0) }
            if !found.isEmpty || !byID { return found }
        }
        return []
    }

    public func event(row: Int64) async throws -> StoredEvent? {
        try await read("read an event", "SELECT * FROM events WHERE id = \(row)") { try StoredEvent(row: $0) }.first
    }

    public func storedEventIDs(provider: ProviderID, among ids: [String]) async throws -> Set<String> {
        var stored: Set<String> = []
        for start in stride(from: 0, to: ids.count, by: OperatorSQL.idsPerQuery) {
            var statement = PostgresStatement()
            let sql = OperatorSQL.storedEventIDs(provider: provider, among: ids[start..<min(start + OperatorSQL.idsPerQuery, ids.count)], &statement)
            statement.append(sql)
            stored.formUnion(try await read("find stored event ids", statement.query) { try $0.value("event_id", as: String.self) })
        }
        return stored
    }

    public func events(mentioning id: String, limit: Int) async throws -> [StoredEvent] {
        var statement = PostgresStatement()
        let idBind = statement.bind(id)
        statement.append(OperatorSQL.mentioning(idBind) + " LIMIT \(statement.bind(Int64(limit)))")
        return try await read("find events by id", statement.query) { try StoredEvent(row: $0) }
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        var statement = PostgresStatement(OutboxSQL.deliverySelect)
        statement.append(OperatorSQL.filter(query, &statement))
        statement.append(OperatorSQL.order(query) + " LIMIT \(statement.bind(Int64(query.limit)))")
        return try await read("list deliveries", statement.query) { try Delivery(row: $0) }
    }

    public func deliveries(ofEvent row: Int64) async throws -> [Delivery] {
        var statement = PostgresStatement(OutboxSQL.deliverySelect)
        statement.append(" WHERE d.event_row = \(statement.bind(row)) ORDER BY d.id")
        return try await read("read an event's deliveries", statement.query) { try Delivery(row: $0) }
    }

    public func attempts(ofDelivery id: Int64) async throws -> [Attempt] {
        try await read("read a delivery's attempts", "SELECT * FROM attempts WHERE delivery_id = \(id) ORDER BY id") { try Attempt(row: $0) }
    }

    public func summary(at date: Date) async throws -> StoreSummary {
        let (client, logger) = (client, logger)
        return try await run("summarise the store") {
            let counts = try await client.query(PostgresQuery(unsafeSQL: OperatorSQL.summaryCounts), logger: logger).rows().map {
                StoreSummary.Count(
                    provider: try $0.value("provider"), action: try $0.value("action"), status: try $0.value("shown"),
                    count: Int(try $0.value("n", as: Int64.self)))
            }
            var events: [String: Int] = [:]
            for row in try await client.query(PostgresQuery(unsafeSQL: OperatorSQL.summaryEvents), logger: logger).rows() {
                events[try row.value("state")] = Int(try row.value("n", as: Int64.self))
            }
            let oldest = try await client.query(PostgresQuery(unsafeSQL: OperatorSQL.summaryOldestPending), logger: logger)
                .decode(Int64?.self).first { _ in true } ?? nil
            let delivered = try await client.query(PostgresQuery(unsafeSQL: OperatorSQL.summaryLastDelivered), logger: logger)
                .decode(Int64?.self).first { _ in true } ?? nil
            let failure = try await client.query(PostgresQuery(unsafeSQL: OperatorSQL.summaryLastFailure), logger: logger)
                .decode((Int64, String).self).first { _ in true }
            return StoreSummary(
                deliveries: counts, events: events, oldestPendingSince: oldest.map(Millis.date),
                held: counts.filter { $0.status == "held" }.reduce(0) { $0 + $1.count }, lastDeliveredAt: delivered.map(Millis.date),
                lastFailureAt: failure.map { Millis.date($0.0) }, lastFailure: failure?.1)
        }
    }

    public func requeueForMapping(rows: [Int64]?) async throws -> Int {
        let logger = logger
        return try await transaction("put events back to be mapped") { connection in
            let back = OperatorSQL.backToMapping
            let changed: [PostgresRandomAccessRow]
            if let rows {
                changed = try await connection.query(
                    PostgresQuery(unsafeSQL: back + " WHERE id = ANY($1) AND " + OperatorSQL.remappable + " RETURNING id", binds: {
                        var binds = PostgresBindings()
                        binds.append(rows)
                        return binds
                    }()), logger: logger
                ).rows()
            } else {
                changed = try await connection.query(PostgresQuery(unsafeSQL: back + " WHERE state = 'failed' RETURNING id"), logger: logger)
                    .rows()
            }
            if !changed.isEmpty { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'inbox')", logger: logger) }
            return changed.count
        }
    }

    /// Reads rows outside a transaction and builds records from them.
    func read<T: Sendable>(
        _ what: String, _ query: PostgresQuery, _ make: @escaping @Sendable (PostgresRandomAccessRow) throws -> T
    ) async throws -> [T] {
        let (client, logger) = (client, logger)
        return try await run(what) { try await client.query(query, logger: logger).rows().map(make) }
    }
}

/// PostgreSQL's placeholders and substring search, for `OperatorSQL`.
extension PostgresStatement: SQLDialect {
    mutating func bind(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): bind(text)
        case .integer(let number): bind(number)
        case .null: bind(String?.none)
        }
    }

    func contains(_ haystack: String, _ needle: String) -> String { "strpos(\(haystack), \(needle)) > 0" }
}
