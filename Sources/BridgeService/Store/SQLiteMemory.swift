import BridgeCore
import GRDB

/// The bridge's memory in the `memory` table, one provider's view of it.
struct SQLiteMemory: BridgeMemory {
    let pool: DatabasePool
    let provider: String

    func saleEventID(paidBy reference: PaymentReference) async throws -> String? {
        try await value(kind: "sale_paid_by", key: "\(reference.kind):\(reference.id)")
    }

    func subscriptionMRR(subscriptionID: String) async throws -> Int? {
        try await value(kind: "subscription_mrr", key: subscriptionID).flatMap { Int($0) }
    }

    func refundedTotal(paymentID: String) async throws -> Int? {
        try await value(kind: "refunded_total", key: paymentID).flatMap { Int($0) }
    }

    private func value(kind: String, key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM memory WHERE provider = ? AND kind = ? AND key = ?",
                arguments: [provider, kind, key])
        }
    }

    /// Writes one fact. Later facts win, except that an older subscription snapshot never
    /// replaces a newer one and a refunded total never shrinks (events arrive out of order).
    static func apply(_ fact: Fact, provider: String, db: Database, at now: Int64) throws {
        switch fact {
        case .salePaidBy(let reference, let saleEventID):
            try upsert(db, provider, "sale_paid_by", "\(reference.kind):\(reference.id)", saleEventID, asOf: now, when: "1")
        case .subscriptionMRR(let id, let mrr, let asOf):
            try upsert(db, provider, "subscription_mrr", id, String(mrr), asOf: Int64(asOf), when: "excluded.as_of >= memory.as_of")
        case .refundedTotal(let paymentID, let total):
            try upsert(
                db, provider, "refunded_total", paymentID, String(total), asOf: now,
                when: "CAST(excluded.value AS INTEGER) > CAST(memory.value AS INTEGER)")
        }
    }

    private static func upsert(
        _ db: Database, _ provider: String, _ kind: String, _ key: String, _ value: String, asOf: Int64, when condition: String
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO memory (provider, kind, key, value, as_of) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (provider, kind, key) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
                WHERE \(condition)
                """,
            arguments: [provider, kind, key, value, asOf])
    }
}
