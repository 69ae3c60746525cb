/// What the bridge remembers from earlier events, for actions whose payload is not enough alone.
/// The store implements it; tests and `billing-bridge map` use `InMemoryBridgeMemory`.
public protocol BridgeMemory: Sendable {
    func saleEventID(paidBy reference: PaymentReference) async throws -> String?
    func sale(eventID: String) async throws -> SaleRecord?
    func subscriptionMRR(subscriptionID: String) async throws -> Int?
    func refundedTotal(paymentID: String) async throws -> Int?
    func clawback(saleEventID: String) async throws -> Clawback?
    func customer(id: String) async throws -> CustomerRecord?
    /// The latest invoice charge under `InvoiceCharge.key`.
    func invoiceCharge(key: String) async throws -> InvoiceCharge?
    func refundQueued(eventID: String) async throws -> Bool
}

/// Memory held in a value: facts applied in order, by the same `MemoryMerge` the stores apply.
public struct InMemoryBridgeMemory: MemoryLookup {
    private struct Slot: Hashable {
        var kind: MemoryKind
        var key: String
    }

    private var entries: [Slot: MemoryEntry] = [:]
    /// Stands in for a commit's time: each fact is one step later than the one before.
    private var clock: Int64 = 0

    public init() {}

    /// Throws `MemoryError` only on an entry this value could not read back, which it never writes.
    public mutating func apply(_ facts: [Fact]) throws {
        for fact in facts {
            clock += 1
            let (kind, key) = MemoryMerge.slot(of: fact)
            let slot = Slot(kind: kind, key: key)
            if let entry = try MemoryMerge.entry(for: fact, over: entries[slot], at: clock) { entries[slot] = entry }
        }
    }

    public func value(_ kind: MemoryKind, key: String) async throws -> String? {
        entries[Slot(kind: kind, key: key)]?.value
    }
}
