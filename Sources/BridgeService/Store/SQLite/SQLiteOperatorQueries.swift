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
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let provider = query.provider { conditions.append("provider = ?"); arguments += [provider] }
        if let state = query.state { conditions.append("state = ?"); arguments += [state.rawValue] }
        if let type = query.type { conditions.append("event_type = ?"); arguments += [type] }
        if let since = query.since { conditions.append("received_at >= ?"); arguments += [Millis.from(since)] }
        if let until = query.until { conditions.append("received_at < ?"); arguments += [Millis.from(until)] }
        if let text = query.text, !text.isEmpty {
            conditions.append("(instr(event_id, ?) > 0 OR instr(event_type, ?) > 0 OR instr(coalesce(error, ''), ?) > 0)")
            arguments += [text, text, text]
        }
        if let before = query.beforeRow { conditions.append("id < ?"); arguments += [before] }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        return try await pool.read { [arguments] db in
            try Row.fetchAll(db, sql: "SELECT * FROM events" + filter + " ORDER BY id DESC LIMIT ?", arguments: arguments)
                .map(StoredEvent.init(row:))
        }
    }

    public func event(row: Int64) async throws -> StoredEvent? {
        try await pool.read { db in
            try Row.fetchOne(db, cached: "SELECT * FROM events WHERE id = ?", arguments: [row]).map(StoredEvent.init(row:))
        }
    }

    public func events(mentioning id: String, limit: Int) async throws -> [StoredEvent] {
        // As a JSON string ("in_1") or XML text (>in_1<), so that in_1 does not find in_12.
        let quoted = "\"\(id)\""
        let text = ">\(id)<"
        return try await pool.read { db in
            try Row.fetchAll(
                db, cached: """
                    SELECT * FROM events WHERE id IN (
                        SELECT id FROM events WHERE event_id = ?
                        UNION SELECT event_row FROM deliveries WHERE fp_event_id = ? OR instr(call, ?) > 0
                        UNION SELECT id FROM events WHERE instr(body, CAST(? AS BLOB)) > 0 OR instr(body, CAST(? AS BLOB)) > 0
                    ) ORDER BY id DESC LIMIT ?
                    """,
                arguments: [id, id, quoted, quoted, text, limit]
            ).map(StoredEvent.init(row:))
        }
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        switch query.status {
        case nil: break
        // Held: waiting events' placeholders, and calls waiting for the call they must follow.
        case .held?: conditions.append("(d.status = 'held' OR (d.status = 'pending' AND NOT " + OutboxSQL.notBlocked + "))")
        case let status?: conditions.append("d.status = ?"); arguments += [status.rawValue]
        }
        if let id = query.id { conditions.append("d.id = ?"); arguments += [id] }
        if let provider = query.provider { conditions.append("e.provider = ?"); arguments += [provider] }
        if let endpoint = query.endpoint { conditions.append("d.endpoint = ?"); arguments += [endpoint.rawValue] }
        if let id = query.firstPromoterEventID { conditions.append("d.fp_event_id = ?"); arguments += [id] }
        if let since = query.since { conditions.append("d.created_at >= ?"); arguments += [Millis.from(since)] }
        if let until = query.until { conditions.append("d.created_at < ?"); arguments += [Millis.from(until)] }
        if let before = query.beforeID { conditions.append("d.id < ?"); arguments += [before] }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        let order = query.newestFirst ? " ORDER BY d.id DESC" : " ORDER BY d.id"
        return try await pool.read { [arguments] db in
            try Row.fetchAll(db, sql: OutboxSQL.deliverySelect + filter + order + " LIMIT ?", arguments: arguments).map(Delivery.init(row:))
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
            let counts = try Row.fetchAll(
                db, cached: """
                    SELECT e.provider AS provider, coalesce(d.endpoint, 'none') AS action,
                        CASE WHEN d.status = 'pending' AND NOT \(OutboxSQL.notBlocked) THEN 'held' ELSE d.status END AS shown,
                        count(*) AS n
                    FROM deliveries d JOIN events e ON e.id = d.event_row GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """
            ).map { StoreSummary.Count(provider: $0["provider"], action: $0["action"], status: $0["shown"], count: $0["n"]) }
            let events = try Row.fetchAll(db, cached: "SELECT state, count(*) AS n FROM events GROUP BY state")
                .reduce(into: [String: Int]()) { $0[$1["state"]] = $1["n"] }
            let oldest = try Int64.fetchOne(
                db, cached: "SELECT min(d.queued_at) FROM deliveries d WHERE d.status = 'pending' AND " + OutboxSQL.notBlocked)
            let delivered = try Int64.fetchOne(db, cached: "SELECT max(updated_at) FROM deliveries WHERE status = 'delivered'")
            let failure = try Row.fetchOne(
                db, cached: """
                    SELECT at, outcome FROM attempts WHERE kind = 'call' AND (outcome LIKE 'retrying%' OR outcome LIKE 'dead:%')
                    ORDER BY id DESC LIMIT 1
                    """)
            return StoreSummary(
                deliveries: counts, events: events, oldestPendingSince: oldest.map(Millis.date),
                held: counts.filter { $0.status == "held" }.reduce(0) { $0 + $1.count }, lastDeliveredAt: delivered.map(Millis.date),
                lastFailureAt: failure.map { Millis.date($0["at"]) }, lastFailure: failure?["outcome"])
        }
    }

    public func requeueForMapping(rows: [Int64]?) async throws -> Int {
        try await syncedWrite { db in
            let back = "UPDATE events SET state = 'received', error = NULL, wait_until = NULL, waiting_on = NULL, claimed_by = NULL, claim_until = NULL"
            guard let rows else {
                try db.execute(cached: back + " WHERE state = 'failed'")
                return db.changesCount
            }
            var count = 0
            for row in rows {
                try db.execute(cached: back + " WHERE id = ? AND state IN ('mapped', 'failed', 'waiting')", arguments: [row])
                count += db.changesCount
            }
            return count
        }
    }
}
