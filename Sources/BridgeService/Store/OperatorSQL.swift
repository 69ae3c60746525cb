import BridgeCore
import Foundation

/// A value bound into a statement, whatever the engine.
enum SQLValue: Sendable {
    case text(String)
    case integer(Int64)
    case null
}

/// What differs between the engines in the operator's queries: placeholders and substring search.
protocol SQLDialect {
    /// Binds a value and returns its placeholder.
    mutating func bind(_ value: SQLValue) -> String
    /// A condition true when `needle` (an expression) occurs in `haystack`.
    func contains(_ haystack: String, _ needle: String) -> String
}

/// The operator's filters as one `WHERE`, written once for both engines.
enum OperatorSQL {
    /// At most this many ids in one `IN` list.
    static let idsPerQuery = 500

    /// The stored event ids of a provider among `ids` (at most `idsPerQuery`), by the inbox's
    /// unique key.
    static func storedEventIDs(provider: ProviderID, among ids: ArraySlice<String>, _ sql: inout some SQLDialect) -> String {
        let providerBind = sql.bind(.text(provider.rawValue))
        let list = ids.map { sql.bind(.text($0)) }.joined(separator: ", ")
        return "SELECT event_id FROM events WHERE provider = \(providerBind) AND event_id IN (\(list))"
    }

    /// With `byID`, the text is an id the event is known by, found through the index of ids (no
    /// body or row scan); without, a piece of its event id, type or error (a scan, stopped at the
    /// limit). Stores try the first, then the second when it finds nothing.
    static func filter(_ query: EventQuery, _ sql: inout some SQLDialect, byID: Bool = false) -> String {
        var conditions: [String] = []
        if let provider = query.provider { conditions.append("provider = \(sql.bind(.text(provider)))") }
        if let state = query.state { conditions.append("state = \(sql.bind(.text(state.rawValue)))") }
        if let type = query.type { conditions.append("event_type = \(sql.bind(.text(type)))") }
        if let since = query.since { conditions.append("received_at >= \(sql.bind(.integer(Millis.from(since))))") }
        if let until = query.until { conditions.append("received_at < \(sql.bind(.integer(Millis.from(until))))") }
        if let text = query.text, !text.isEmpty {
            let needle = sql.bind(.text(text))
            conditions.append(
                byID
                    ? "id IN (SELECT event_row FROM event_ids WHERE id = \(needle))"
                    : "(\(sql.contains("event_id", needle)) OR \(sql.contains("event_type", needle)) OR \(sql.contains("coalesce(error, '')", needle)))")
        }
        if let before = query.beforeRow { conditions.append("id < \(sql.bind(.integer(before)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    static func filter(_ query: DeliveryQuery, _ sql: inout some SQLDialect) -> String {
        var conditions: [String] = []
        switch query.status {
        case nil: break
        // Held: waiting events' placeholders, and calls waiting for the call they must follow.
        case .held?: conditions.append("(d.status = 'held' OR (d.status = 'pending' AND NOT " + OutboxSQL.notBlocked + "))")
        case let status?: conditions.append("d.status = \(sql.bind(.text(status.rawValue)))")
        }
        if let id = query.id { conditions.append("d.id = \(sql.bind(.integer(id)))") }
        if let provider = query.provider { conditions.append("e.provider = \(sql.bind(.text(provider)))") }
        if let endpoint = query.endpoint { conditions.append("d.endpoint = \(sql.bind(.text(endpoint.rawValue)))") }
        if let id = query.firstPromoterEventID { conditions.append("d.fp_event_id = \(sql.bind(.text(id)))") }
        if let since = query.since { conditions.append("d.created_at >= \(sql.bind(.integer(Millis.from(since))))") }
        if let until = query.until { conditions.append("d.created_at < \(sql.bind(.integer(Millis.from(until))))") }
        if let before = query.beforeID { conditions.append("d.id < \(sql.bind(.integer(before)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    static func order(_ query: DeliveryQuery) -> String { query.newestFirst ? " ORDER BY d.id DESC" : " ORDER BY d.id" }

    /// Delivery counts by provider, action and status as an operator reads it (`held` included).
    static let summaryCounts = """
        SELECT e.provider AS provider, coalesce(d.endpoint, 'none') AS action,
            CASE WHEN d.status = 'pending' AND NOT \(OutboxSQL.notBlocked) THEN 'held' ELSE d.status END AS shown,
            count(*) AS n
        FROM deliveries d JOIN events e ON e.id = d.event_row GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        """
    static let summaryEvents = "SELECT state, count(*) AS n FROM events GROUP BY state"
    static let summaryOldestPending = "SELECT min(d.queued_at) FROM deliveries d WHERE d.status = 'pending' AND " + OutboxSQL.notBlocked
    static let summaryLastDelivered = "SELECT max(updated_at) FROM deliveries WHERE status = 'delivered'"
    static let summaryLastFailure = """
        SELECT at, outcome FROM attempts WHERE kind = 'call' AND (outcome LIKE 'retrying%' OR outcome LIKE 'dead:%')
        ORDER BY id DESC LIMIT 1
        """
    /// Events an id names, through the index of ids (`id`: its placeholder), newest first.
    static func mentioning(_ id: String) -> String {
        """
        SELECT * FROM events WHERE id IN (
            SELECT event_row FROM event_ids WHERE id = \(id) UNION SELECT event_row FROM deliveries WHERE fp_event_id = \(id)
        ) ORDER BY id DESC
        """
    }

    /// Back in line to be mapped.
    static let backToMapping =
        "UPDATE events SET state = 'received', error = NULL, wait_until = NULL, waiting_on = NULL, claimed_by = NULL, claim_until = NULL"
    static let remappable = "state IN ('mapped', 'failed', 'waiting')"
}
