import BridgeCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// FirstPromoter calls waiting to be sent, on PostgreSQL (`Outbox`), and the shared pace (`RateBudget`).
extension PostgresBridgeStore {
    public func claimDueDeliveries(owner: String, at date: Date, lease: Duration, limit: Int) async throws -> [Delivery] {
        let due = Millis.from(date)
        let leaseMillis = Millis.of(lease)
        let logger = logger
        // Synced: a call goes out only after this commit (the durability rule in BridgeStore.swift).
        return try await transaction("claim due deliveries") { connection in
            let now = PostgresSQL.nowMillis
            var statement = PostgresStatement()
            let ownerBind = statement.bind(owner)
            let dueBind = statement.bind(due)
            let limitBind = statement.bind(Int64(limit))
            let leaseBind = statement.bind(leaseMillis)
            statement.append(
                """
                WITH chosen AS (
                    SELECT d.id FROM deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= \(dueBind)
                    AND (d.claim_until IS NULL OR d.claim_until < \(now) OR d.claimed_by = \(ownerBind)) AND \(OutboxSQL.notBlocked)
                    ORDER BY d.next_attempt_at, d.id LIMIT \(limitBind) FOR UPDATE OF d SKIP LOCKED
                )
                UPDATE deliveries SET claimed_by = \(ownerBind), claim_until = \(now) + \(leaseBind)
                WHERE id IN (SELECT id FROM chosen) RETURNING id
                """)
            let ids = try await connection.query(statement.query, logger: logger).rows().map { try $0.value("id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            // A row that cannot be read back is a dead letter that says why, not an outage: left in
            // line, it would fail every claim after it.
            var claimed: [Delivery] = []
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: OutboxSQL.deliverySelect + " WHERE d.id = ANY($1) ORDER BY d.next_attempt_at, d.id", binds: {
                    var binds = PostgresBindings()
                    binds.append(ids)
                    return binds
                }()), logger: logger
            ).rows()
            let nowMillis = Millis.now()
            for row in rows {
                do {
                    claimed.append(try Delivery(row: row))
                } catch {
                    let id: Int64 = try row.value("id")
                    try await connection.query(
                        """
                        UPDATE deliveries SET status = 'dead', outcome = \("unreadable outbox row: \(error)"), claimed_by = NULL,
                            claim_until = NULL, updated_at = \(nowMillis) WHERE id = \(id)
                        """, logger: logger)
                    try await Self.insertAttempt(
                        connection, delivery: id, at: nowMillis, kind: .call, url: nil, status: nil, duration: nil, response: nil,
                        outcome: "dead: unreadable outbox row: \(error)", logger: logger)
                }
            }
            return claimed
        }
    }

    public func nextDueDate() async throws -> Date? {
        let (client, logger) = (client, logger)
        return try await run("find the next due delivery") {
            // The first unclaimed one in due order, and the claimed ones, each its holder's until
            // the claim runs out.
            let unclaimed = try await client.query(
                PostgresQuery(
                    unsafeSQL: "SELECT d.next_attempt_at FROM deliveries d WHERE d.status = 'pending' AND d.claimed_by IS NULL AND "
                        + OutboxSQL.notBlocked + " ORDER BY d.next_attempt_at LIMIT 1"), logger: logger
            ).decode(Int64.self).first { _ in true }
            let claimed = try await client.query(
                PostgresQuery(
                    unsafeSQL: "SELECT min(greatest(d.next_attempt_at, d.claim_until)) FROM deliveries d WHERE d.status = 'pending' "
                        + "AND d.claimed_by IS NOT NULL AND " + OutboxSQL.notBlocked), logger: logger
            ).decode(Int64?.self).first { _ in true } ?? nil
            return [unclaimed, claimed].compactMap { $0 }.min().map(Millis.date)
        }
    }

    public func releaseClaim(delivery id: Int64, owner: String) async throws {
        let logger = logger
        try await transaction("give back a delivery") { connection in
            try await connection.query(
                "UPDATE deliveries SET claimed_by = NULL, claim_until = NULL WHERE id = \(id) AND claimed_by = \(owner)", logger: logger)
            try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'outbox')", logger: logger)
        }
    }

    public func update(delivery id: Int64, _ update: DeliveryUpdate, record: CallRecord, owner: String, at date: Date) async throws {
        let now = Millis.from(date)
        let written = update.written
        let logger = logger
        try await transaction("record an attempt") { connection in
            let updated = try await connection.query(
                """
                UPDATE deliveries SET status = \(written.status.rawValue), attempts = attempts + \(written.countsAsAttempt ? 1 : 0),
                    next_attempt_at = coalesce(\(written.nextAttemptAt.map(Millis.from)), next_attempt_at), outcome = \(written.outcome),
                    last_http_status = \(written.httpStatus), last_response = \(written.response), claimed_by = NULL, claim_until = NULL,
                    updated_at = \(now)
                WHERE id = \(id) AND claimed_by = \(owner) RETURNING id
                """, logger: logger
            ).rows()
            guard !updated.isEmpty else { throw ClaimLost(delivery: id, owner: owner) }
            try await Self.insertAttempt(
                connection, delivery: id, at: Millis.from(record.startedAt), kind: written.kind, url: record.url,
                status: written.httpStatus, duration: record.durationMilliseconds, response: written.response,
                outcome: written.historyOutcome, logger: logger)
            // A call that others follow is settled: they may be due now.
            if written.status != .pending { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'outbox')", logger: logger) }
        }
    }

    static func insertAttempt(
        _ connection: PostgresConnection, delivery: Int64, at: Int64, kind: AttemptKind, url: String?, status: Int?, duration: Int?,
        response: String?, outcome: String, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO attempts (delivery_id, at, kind, url, http_status, duration_ms, response, outcome)
            VALUES (\(delivery), \(at), \(kind.rawValue), \(url), \(status), \(duration), \(StoredColumns.kept(response)), \(outcome))
            """, logger: logger)
    }

    public func requeue(ids: [Int64], force: Bool, by who: String, at date: Date) async throws -> [ReplayResult] {
        let now = Millis.from(date)
        let logger = logger
        return try await transaction("replay deliveries") { connection in
            var results: [ReplayResult] = []
            for id in ids {
                let row = try await connection.query(
                    "SELECT status, outcome FROM deliveries WHERE id = \(id) FOR UPDATE", logger: logger
                ).decode((String, String?).self).first { _ in true }
                guard let row else {
                    results.append(.notFound(id: id))
                    continue
                }
                let status = try StoredColumns.status(row.0, delivery: id)
                switch ReplayRule.decide(status, force: force) {
                case .refuse(let reason):
                    results.append(.refused(id: id, reason: reason))
                case .requeue:
                    try await Self.requeue(connection, id: id, was: status, outcome: row.1, by: who, at: now, logger: logger)
                    results.append(.requeued(id: id, was: status))
                }
            }
            if results.contains(where: \.isRequeued) {
                try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'outbox')", logger: logger)
            }
            return results
        }
    }

    /// Pending and due now, counting its attempts afresh; the replay goes into its history.
    private static func requeue(
        _ connection: PostgresConnection, id: Int64, was status: DeliveryStatus, outcome: String?, by who: String, at now: Int64,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(now), queued_at = \(now), updated_at = \(now),
                outcome = 'replayed', claimed_by = NULL, claim_until = NULL WHERE id = \(id)
            """, logger: logger)
        try await insertAttempt(
            connection, delivery: id, at: now, kind: .replay, url: nil, status: nil, duration: nil, response: nil,
            outcome: ReplayRule.historyLine(by: who, was: status, outcome: outcome), logger: logger)
    }

    public func requeueDead(provider: String?, since: Date?, until: Date?, by who: String, at date: Date) async throws -> Int {
        let now = Millis.from(date)
        let logger = logger
        return try await transaction("replay dead letters") { connection in
            var statement = PostgresStatement()
            let providerBind = statement.bind(provider)
            let sinceBind = statement.bind(since.map(Millis.from))
            let untilBind = statement.bind(until.map(Millis.from))
            statement.append(
                """
                SELECT d.id, d.status, d.outcome FROM deliveries d JOIN events e ON e.id = d.event_row
                WHERE d.status IN (\(OutboxSQL.deadLetterStatuses)) AND (\(providerBind)::text IS NULL OR e.provider = \(providerBind))
                AND (\(sinceBind)::bigint IS NULL OR d.created_at >= \(sinceBind)) AND (\(untilBind)::bigint IS NULL OR d.created_at < \(untilBind))
                ORDER BY d.id FOR UPDATE OF d
                """)
            let rows = try await connection.query(statement.query, logger: logger).rows()
            for row in rows {
                let id: Int64 = try row.value("id")
                let status = try StoredColumns.status(try row.value("status"), delivery: id)
                try await Self.requeue(connection, id: id, was: status, outcome: try row.value("outcome", as: String?.self), by: who, at: now, logger: logger)
            }
            if !rows.isEmpty { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'outbox')", logger: logger) }
            return rows.count
        }
    }

    // MARK: Rate budget

    public func reserveSlot(_ name: String, interval: Duration, now: Date) async throws -> Date {
        let rule = PaceRule(intervalMilliseconds: Millis.of(interval))
        let nowMillis = Millis.from(now)
        let logger = logger
        let slot = try await unsyncedTransaction("reserve a rate slot") { connection -> Int64 in
            // The row exists before it is locked, so that replicas reserving at once queue on it;
            // a new one says the next slot is now, as no row does.
            try await connection.query(
                "INSERT INTO rate_budget (name, next_slot_at) VALUES (\(name), \(nowMillis)) ON CONFLICT (name) DO NOTHING",
                logger: logger)
            let stored = try await connection.query(
                "SELECT next_slot_at FROM rate_budget WHERE name = \(name) FOR UPDATE", logger: logger
            ).decode(Int64.self).first { _ in true }
            guard let stored else { throw PostgresUnavailable(server: location.server, problem: "no rate budget row to reserve a slot in") }
            let (slot, next) = rule.reserve(storedNext: stored, now: nowMillis)
            try await connection.query("UPDATE rate_budget SET next_slot_at = \(next) WHERE name = \(name)", logger: logger)
            return slot
        }
        return Millis.date(slot)
    }

    public func holdOff(_ name: String, until: Date) async throws {
        let logger = logger
        try await unsyncedTransaction("hold off the rate budget") { connection in
            try await connection.query(
                """
                INSERT INTO rate_budget AS r (name, next_slot_at) VALUES (\(name), \(Millis.from(until)))
                ON CONFLICT (name) DO UPDATE SET next_slot_at = greatest(r.next_slot_at, excluded.next_slot_at)
                """, logger: logger)
        }
    }

    // MARK: Console sessions

    public func consoleSessionsValidAfter() async throws -> Int64 {
        let (client, logger) = (client, logger)
        return try await run("read console sign-outs") {
            try await client.query("SELECT valid_after FROM console_sessions WHERE id = 1", logger: logger)
                .decode(Int64.self).first { _ in true } ?? 0
        }
    }

    public func endConsoleSessions(at date: Date) async throws {
        let logger = logger
        try await transaction("end console sessions") { connection in
            // Never moved back: a replica with a slow clock cannot revive sessions.
            try await connection.query(
                """
                INSERT INTO console_sessions AS c (id, valid_after) VALUES (1, \(Millis.from(date)))
                ON CONFLICT (id) DO UPDATE SET valid_after = greatest(c.valid_after, excluded.valid_after)
                """, logger: logger)
        }
    }
}
