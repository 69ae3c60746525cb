import Foundation

/// One row of the bridge's memory, as every store keeps it: a provider's entry of a kind under a
/// key, its value as text (a whole number, or a record as JSON), and the time it stands for.
public struct MemoryEntry: Sendable, Equatable {
    public var kind: MemoryKind
    public var key: String
    public var value: String
    /// Milliseconds: when it was written, or for a subscription snapshot the event's own time.
    public var asOf: Int64

    public init(kind: MemoryKind, key: String, value: String, asOf: Int64) {
        self.kind = kind
        self.key = key
        self.value = value
        self.asOf = asOf
    }
}

/// What a memory entry holds; the raw value is the store's `kind` column.
public enum MemoryKind: String, Sendable, CaseIterable {
    case salePaidBy = "sale_paid_by"
    case sale
    case subscriptionMRR = "subscription_mrr"
    case refundedTotal = "refunded_total"
    case clawback
    case customer
    case invoiceCharge = "invoice_charge"
    case refundQueued = "refund_queued"
}

/// A memory entry the bridge wrote but cannot read back: an error, never "nothing remembered".
public struct MemoryError: Error, CustomStringConvertible {
    public let kind: String
    public let key: String
    public let problem: String
    public var description: String { "memory \(kind) \(key): \(problem)" }
}

extension MemoryEntry {
    /// The whole number a total or an MRR holds.
    static func integer(_ text: String, kind: MemoryKind, key: String) throws -> Int {
        guard let number = Int(text) else {
            throw MemoryError(kind: kind.rawValue, key: key, problem: "'\(text)' is not a whole number")
        }
        return number
    }

    static func record<Record: Decodable>(_ type: Record.Type, _ text: String, kind: MemoryKind, key: String) throws -> Record {
        do {
            return try JSONDecoder().decode(Record.self, from: Data(text.utf8))
        } catch {
            throw MemoryError(kind: kind.rawValue, key: key, problem: "unreadable record: \(error)")
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
