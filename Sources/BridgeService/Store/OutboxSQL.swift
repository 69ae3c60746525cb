import BridgeCore

/// The outbox's query fragments, written from Core's rules in SQL that SQLite and PostgreSQL
/// both read: the engines store, `CallOrdering` decides.
enum OutboxSQL {
    /// A pending delivery `d` is not held back by the call it follows (`CallOrdering`).
    static let notBlocked: String = {
        let cases = ActionKind.allCases.map { endpoint in
            let statuses = CallOrdering.blocking(after: endpoint).map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return "(p.endpoint = '\(endpoint.rawValue)' AND p.status IN (\(statuses)))"
        }
        return """
            NOT EXISTS (SELECT 1 FROM deliveries p WHERE d.after_endpoint IS NOT NULL AND p.endpoint = d.after_endpoint
                AND p.fp_event_id = d.after_event_id AND (\(cases.joined(separator: " OR "))))
            """
    }()

    /// Deliveries with their event, and the call each follows with where it stands.
    static let deliverySelect = """
        SELECT d.*, e.provider AS provider, e.event_id AS provider_event_id, e.event_type AS event_type,
            p.id AS after_id, p.status AS after_status
        FROM deliveries d JOIN events e ON e.id = d.event_row
        LEFT JOIN deliveries p ON p.endpoint = d.after_endpoint AND p.fp_event_id = d.after_event_id
        """

    /// `IN (…)` of the statuses a replay of dead letters takes (`ReplayRule`).
    static let deadLetterStatuses = ReplayRule.deadLetters.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Ids of the oldest events `RetentionRule` prunes, received before `before`, at most `limit`
    /// (bind placeholders, as the engine writes them).
    static func prunableEvents(before: String, limit: String) -> String {
        let settled = RetentionRule.settled.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
            SELECT e.id FROM events e WHERE e.received_at < \(before) AND e.state = 'mapped'
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_row = e.id AND d.status NOT IN (\(settled)))
            ORDER BY e.received_at LIMIT \(limit)
            """
    }

    /// What goes with the pruned events, children first, each over `IN (list)` of event rows.
    static func pruning(_ list: String) -> [String] {
        [
            "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE event_row IN (\(list)))",
            "DELETE FROM deliveries WHERE event_row IN (\(list))",
            "DELETE FROM event_ids WHERE event_row IN (\(list))",
            "DELETE FROM events WHERE id IN (\(list))",
        ]
    }
}
