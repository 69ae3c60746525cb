import BridgeCore
import Foundation
import Logging
import PostgresNIO

/// A batch of mappings committed in a dozen statements for the whole batch, not a dozen for each
/// mapping: every round trip to the server is time the batch holds its locks, and a mapping took
/// about twenty. The claims and the memory entries the batch touches are read once, under the
/// batch's locks; which mappings may commit (their claim held, what they read unchanged, by the
/// server's rows and the batch's earlier mappings) and what each writes (`MemoryMerge`) is decided
/// here, in order, as the one-by-one commit decides it; then the accepted ones are written
/// together. Rows go to the server as JSON (`jsonb_to_recordset`), which carries their nulls.
struct PostgresMappingBatch {
    let batch: [MappingCommit]
    let connection: PostgresConnection
    let logger: Logger
    let server: String

    /// A memory entry's place: provider, kind and key.
    struct Slot: Hashable, Encodable {
        var provider: String
        var kind: String
        var key: String
    }

    /// Each mapping's result, in the batch's order; throws when a statement fails (the caller
    /// rolls back and commits the batch one by one, so that one bad mapping fails alone).
    func commit() async throws -> [Result<Void, any Error>] {
        let held = try await heldClaims()
        var memory = try await storedMemory()
        var written: [Slot: MemoryEntry] = [:]
        var results: [Result<Void, any Error>] = []
        var accepted: [MappingCommit] = []
        for mapping in batch {
            do {
                guard held.contains(mapping.event.row) else {
                    throw ClaimLost(delivery: mapping.event.row, owner: mapping.event.claimedBy ?? "no one", what: "event")
                }
                let provider = mapping.event.provider.rawValue
                for read in mapping.reads where memory[Slot(provider: provider, kind: read.kind, key: read.key)]?.value != read.value {
                    throw MemoryChanged(kind: read.kind, key: read.key)
                }
                var own: [Slot: MemoryEntry] = [:]
                for fact in mapping.facts {
                    let (kind, key) = MemoryMerge.slot(of: fact)
                    let slot = Slot(provider: provider, kind: kind.rawValue, key: key)
                    if let entry = try MemoryMerge.entry(for: fact, over: own[slot] ?? memory[slot], at: mapping.at) { own[slot] = entry }
                }
                memory.merge(own) { $1 }
                written.merge(own) { $1 }
                accepted.append(mapping)
                results.append(.success(()))
            } catch {
                results.append(.failure(error))
            }
        }
        guard !accepted.isEmpty else { return results }
        try await write(memory: written)
        try await index(accepted)
        try await wakeWaiting(on: accepted)
        try await connection.query(
            "DELETE FROM deliveries WHERE event_row = ANY(\(accepted.map(\.event.row))) AND status IN ('held', 'ignored')", logger: logger)
        let queued = try await queueCalls(of: accepted)
        try await connection.query(
            """
            UPDATE events SET state = 'mapped', error = NULL, wait_until = NULL, waiting_on = NULL, claimed_by = NULL, claim_until = NULL
            WHERE id = ANY(\(accepted.map(\.event.row)))
            """, logger: logger)
        if queued { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'outbox')", logger: logger) }
        return results
    }

    /// The batch's events still claimed as each was read (by its worker, or by nobody for a copy
    /// read without a claim), locked until the commit.
    private func heldClaims() async throws -> Set<Int64> {
        struct Claim: Encodable {
            var id: Int64
            var owner: String?
        }
        let claims = try Self.json(batch.map { Claim(id: $0.event.row, owner: $0.event.claimedBy) })
        let rows = try await connection.query(
            """
            SELECT e.id FROM events e JOIN jsonb_to_recordset(\(claims)::jsonb) AS c(id bigint, owner text) ON e.id = c.id
            WHERE e.claimed_by IS NOT DISTINCT FROM c.owner FOR UPDATE OF e
            """, logger: logger
        ).decode(Int64.self)
        var held: Set<Int64> = []
        for try await id in rows { held.insert(id) }
        return held
    }

    /// The stored entries of every slot the batch reads or writes.
    private func storedMemory() async throws -> [Slot: MemoryEntry] {
        var slots: Set<Slot> = []
        for mapping in batch {
            let provider = mapping.event.provider.rawValue
            for read in mapping.reads { slots.insert(Slot(provider: provider, kind: read.kind, key: read.key)) }
            for fact in mapping.facts {
                let (kind, key) = MemoryMerge.slot(of: fact)
                slots.insert(Slot(provider: provider, kind: kind.rawValue, key: key))
            }
        }
        guard !slots.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT m.provider, m.kind, m.key, m.value, m.as_of FROM memory m
            JOIN jsonb_to_recordset(\(try Self.json(Array(slots)))::jsonb) AS s(provider text, kind text, key text)
            ON m.provider = s.provider AND m.kind = s.kind AND m.key = s.key
            """, logger: logger
        ).decode((String, String, String, String, Int64).self)
        var stored: [Slot: MemoryEntry] = [:]
        for try await (provider, kind, key, value, asOf) in rows {
            guard let memoryKind = MemoryKind(rawValue: kind) else {
                throw PostgresUnavailable(server: server, problem: "memory row of unknown kind '\(kind)' (\(provider) \(key))")
            }
            stored[Slot(provider: provider, kind: kind, key: key)] = MemoryEntry(kind: memoryKind, key: key, value: value, asOf: asOf)
        }
        return stored
    }

    private func write(memory written: [Slot: MemoryEntry]) async throws {
        struct Row: Encodable {
            var provider, kind, key, value: String
            var as_of: Int64
        }
        guard !written.isEmpty else { return }
        let rows = written.map { slot, entry in Row(provider: slot.provider, kind: slot.kind, key: slot.key, value: entry.value, as_of: entry.asOf) }
        try await connection.query(
            """
            INSERT INTO memory (provider, kind, key, value, as_of)
            SELECT provider, kind, key, value, as_of
            FROM jsonb_to_recordset(\(try Self.json(rows))::jsonb) AS r(provider text, kind text, key text, value text, as_of bigint)
            ON CONFLICT (provider, kind, key) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
            """, logger: logger)
    }

    /// The ids each event is found by.
    private func index(_ accepted: [MappingCommit]) async throws {
        struct Row: Encodable {
            var id: String
            var event_row: Int64
        }
        let rows = accepted.flatMap { mapping in mapping.indexed.map { Row(id: $0, event_row: mapping.event.row) } }
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO event_ids (id, event_row)
            SELECT id, event_row FROM jsonb_to_recordset(\(try Self.json(rows))::jsonb) AS r(id text, event_row bigint)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Events waiting for a memory entry the batch wrote are looked at again now, not at their deadline.
    private func wakeWaiting(on accepted: [MappingCommit]) async throws {
        struct Key: Encodable, Hashable {
            var provider: String
            var key: String
        }
        let keys = Set(accepted.flatMap { mapping in mapping.facts.map { Key(provider: mapping.event.provider.rawValue, key: $0.key) } })
        guard !keys.isEmpty, let now = accepted.map(\.at).max() else { return }
        let woken = try await connection.query(
            """
            UPDATE events SET wait_until = \(now) WHERE state = 'waiting' AND wait_until > \(now) AND EXISTS (
                SELECT 1 FROM jsonb_to_recordset(\(try Self.json(Array(keys)))::jsonb) AS w(provider text, key text)
                WHERE w.provider = events.provider AND strpos(events.waiting_on, '|' || w.key || '|') > 0)
            RETURNING id
            """, logger: logger
        ).rows()
        if !woken.isEmpty { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'inbox')", logger: logger) }
    }

    /// Inserts the calls, in the batch's order; a call already queued by another event leaves an
    /// ignored placeholder saying so (`ReplayRule.sentOnce`), one this event queued before (a
    /// remap) nothing. Returns whether any call was queued.
    private func queueCalls(of accepted: [MappingCommit]) async throws -> Bool {
        struct Call: Encodable {
            var ord: Int
            var event_row: Int64
            var endpoint, fp_event_id, call: String
            var note, after_endpoint, after_event_id: String?
            var at: Int64
        }
        struct Ignored: Encodable {
            var event_row: Int64
            var outcome: String
            var at: Int64
        }
        var calls: [Call] = []
        var endpoints: [ActionKind] = []  // each call's, by `ord`
        var ignored: [Ignored] = []
        for mapping in accepted {
            for (planned, json) in mapping.calls {
                switch planned {
                case .call(let call):
                    guard let json else { throw PostgresUnavailable(server: server, problem: "call \(call.eventID) was not encoded") }
                    calls.append(
                        Call(
                            ord: calls.count, event_row: mapping.event.row, endpoint: call.endpoint.rawValue, fp_event_id: call.eventID,
                            call: json, note: call.note, after_endpoint: call.after?.endpoint.rawValue, after_event_id: call.after?.eventID,
                            at: mapping.at))
                    endpoints.append(call.endpoint)
                case .ignored(let reason):
                    ignored.append(Ignored(event_row: mapping.event.row, outcome: reason, at: mapping.at))
                }
            }
        }
        var inserted: Set<String> = []
        if !calls.isEmpty {
            let rows = try await connection.query(
                """
                INSERT INTO deliveries (event_row, endpoint, fp_event_id, call, note, status, next_attempt_at, created_at, updated_at,
                    queued_at, after_endpoint, after_event_id)
                SELECT event_row, endpoint, fp_event_id, call, note, 'pending', at, at, at, at, after_endpoint, after_event_id
                FROM jsonb_to_recordset(\(try Self.json(calls))::jsonb) AS r(ord int, event_row bigint, endpoint text, fp_event_id text,
                    call text, note text, after_endpoint text, after_event_id text, at bigint)
                ORDER BY ord
                ON CONFLICT DO NOTHING RETURNING event_row, endpoint, fp_event_id
                """, logger: logger
            ).decode((Int64, String, String).self)
            for try await (row, endpoint, eventID) in rows { inserted.insert("\(row)|\(endpoint)|\(eventID)") }
            // The others were queued before, by this event or another.
            let conflicts = calls.filter { !inserted.contains("\($0.event_row)|\($0.endpoint)|\($0.fp_event_id)") }
            if !conflicts.isEmpty {
                struct Key: Encodable {
                    var endpoint, fp_event_id: String
                }
                let existing = try await connection.query(
                    """
                    SELECT d.id, d.event_row, d.endpoint, d.fp_event_id FROM deliveries d
                    JOIN jsonb_to_recordset(\(try Self.json(conflicts.map { Key(endpoint: $0.endpoint, fp_event_id: $0.fp_event_id) }))::jsonb)
                        AS k(endpoint text, fp_event_id text) ON d.endpoint = k.endpoint AND d.fp_event_id = k.fp_event_id
                    """, logger: logger
                ).decode((Int64, Int64, String, String).self)
                var first: [String: (id: Int64, row: Int64)] = [:]
                for try await (id, row, endpoint, eventID) in existing { first["\(endpoint)|\(eventID)"] = (id, row) }
                for call in conflicts {
                    guard let queued = first["\(call.endpoint)|\(call.fp_event_id)"] else {
                        throw PostgresUnavailable(server: server, problem: "delivery \(call.endpoint) \(call.fp_event_id) was neither inserted nor found")
                    }
                    // Remapped: this event queued the call before; nothing new to say.
                    if queued.row == call.event_row { continue }
                    let reason = ReplayRule.sentOnce(DeliveryKey(endpoints[call.ord], call.fp_event_id), asDelivery: queued.id)
                    ignored.append(Ignored(event_row: call.event_row, outcome: reason, at: call.at))
                }
            }
        }
        if !ignored.isEmpty {
            try await connection.query(
                """
                INSERT INTO deliveries (event_row, status, outcome, next_attempt_at, created_at, updated_at)
                SELECT event_row, 'ignored', outcome, at, at, at
                FROM jsonb_to_recordset(\(try Self.json(ignored))::jsonb) AS r(event_row bigint, outcome text, at bigint)
                """, logger: logger)
        }
        return !inserted.isEmpty
    }

    /// Rows as a JSON array; a nil is left out, which `jsonb_to_recordset` reads as null.
    static func json(_ rows: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }
}
