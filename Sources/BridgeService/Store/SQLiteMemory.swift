import BridgeCore
import Foundation
import GRDB

/// The bridge's memory in the `memory` table, one provider's view of it. Records (sales,
/// customers, clawbacks) are stored as JSON; a row that no longer decodes is an error, not a
/// silent "nothing remembered".
struct SQLiteMemory: BridgeMemory {
    let pool: DatabasePool
    let provider: String
    /// Where each read is noted, when the caller will check them at commit.
    var reads: MemoryReads? = nil

    func saleEventID(paidBy reference: PaymentReference) async throws -> String? {
        try await value(kind: "sale_paid_by", key: MemoryKey.payment(reference))
    }

    func sale(eventID: String) async throws -> SaleRecord? {
        try await record(SaleRecord.self, kind: "sale", key: eventID)
    }

    func subscriptionMRR(subscriptionID: String) async throws -> Int? {
        try await integer(kind: "subscription_mrr", key: subscriptionID)
    }

    func refundedTotal(paymentID: String) async throws -> Int? {
        try await integer(kind: "refunded_total", key: paymentID)
    }

    func clawback(saleEventID: String) async throws -> Clawback? {
        try await record(Clawback.self, kind: "clawback", key: saleEventID)
    }

    func customer(id: String) async throws -> CustomerRecord? {
        try await record(CustomerRecord.self, kind: "customer", key: id)
    }

    func invoiceCharge(key: String) async throws -> InvoiceCharge? {
        try await record(InvoiceCharge.self, kind: "invoice_charge", key: key)
    }

    func refundQueued(eventID: String) async throws -> Bool {
        try await value(kind: "refund_queued", key: eventID) != nil
    }

    private func value(kind: String, key: String) async throws -> String? {
        let value = try await pool.read { db in try Self.value(db, provider, kind, key) }
        reads?.note(MemoryRead(kind: kind, key: key, value: value))
        return value
    }

    private func integer(kind: String, key: String) async throws -> Int? {
        guard let text = try await value(kind: kind, key: key) else { return nil }
        guard let number = Int(text) else { throw MemoryError(kind: kind, key: key, problem: "'\(text)' is not a whole number") }
        return number
    }

    private func record<Record: Decodable & Sendable>(_ type: Record.Type, kind: String, key: String) async throws -> Record? {
        guard let text = try await value(kind: kind, key: key) else { return nil }
        return try Self.decode(type, text, kind: kind, key: key)
    }

    /// Throws `MemoryChanged` when an entry is no longer what was read: inside the commit's
    /// transaction, so nothing can change it between the check and the writes.
    static func check(_ reads: [MemoryRead], provider: String, db: Database) throws {
        for read in reads where try value(db, provider, read.kind, read.key) != read.value {
            throw MemoryChanged(kind: read.kind, key: read.key)
        }
    }

    private static func value(_ db: Database, _ provider: String, _ kind: String, _ key: String) throws -> String? {
        try String.fetchOne(
            db, cached: "SELECT value FROM memory WHERE provider = ? AND kind = ? AND key = ?", arguments: [provider, kind, key])
    }

    private static func record<Record: Decodable>(
        _ type: Record.Type, _ db: Database, _ provider: String, _ kind: String, _ key: String
    ) throws -> Record? {
        guard let text = try value(db, provider, kind, key) else { return nil }
        return try decode(type, text, kind: kind, key: key)
    }

    private static func decode<Record: Decodable>(_ type: Record.Type, _ text: String, kind: String, key: String) throws -> Record {
        do {
            return try JSONDecoder().decode(Record.self, from: Data(text.utf8))
        } catch {
            throw MemoryError(kind: kind, key: key, problem: "unreadable record: \(error)")
        }
    }

    /// Writes one fact. Later facts win, except that an older subscription snapshot never
    /// replaces a newer one, totals never shrink (events arrive out of order), and a customer's
    /// later event keeps what it leaves out.
    static func apply(_ fact: Fact, provider: String, db: Database, at now: Int64) throws {
        switch fact {
        case .salePaidBy(let reference, let saleEventID):
            try upsert(db, provider, "sale_paid_by", MemoryKey.payment(reference), saleEventID, asOf: now, when: "1")
        case .saleRecorded(let sale):
            try upsert(db, provider, "sale", sale.eventID, try json(sale), asOf: now, when: "1")
        case .subscriptionMRR(let id, let mrr, let asOf):
            try upsert(db, provider, "subscription_mrr", id, String(mrr), asOf: Int64(asOf), when: "excluded.as_of >= memory.as_of")
        case .refundedTotal(let paymentID, let total):
            try upsert(
                db, provider, "refunded_total", paymentID, String(total), asOf: now,
                when: "CAST(excluded.value AS INTEGER) > CAST(memory.value AS INTEGER)")
        case .saleClawback(let id, let clawback):
            if let known = try record(Clawback.self, db, provider, "clawback", id), known.sent >= clawback.sent { return }
            try upsert(db, provider, "clawback", id, try json(clawback), asOf: now, when: "1")
        case .customer(let id, let customer):
            let merged = try record(CustomerRecord.self, db, provider, "customer", id).map { $0.merged(with: customer) } ?? customer
            try upsert(db, provider, "customer", id, try json(merged), asOf: now, when: "1")
        case .invoiceCharged(let charge):
            try upsert(db, provider, "invoice_charge", charge.key, try json(charge), asOf: now, when: "1")
        case .refundQueued(let id):
            try upsert(db, provider, "refund_queued", id, "1", asOf: now, when: "1")
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }

    private static func upsert(
        _ db: Database, _ provider: String, _ kind: String, _ key: String, _ value: String, asOf: Int64, when condition: String
    ) throws {
        try db.execute(
            cached: """
                INSERT INTO memory (provider, kind, key, value, as_of) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (provider, kind, key) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
                WHERE \(condition)
                """,
            arguments: [provider, kind, key, value, asOf])
    }
}

/// A memory row the bridge wrote but cannot read back.
struct MemoryError: Error, CustomStringConvertible {
    let kind: String
    let key: String
    let problem: String
    var description: String { "memory \(kind) \(key): \(problem)" }
}
