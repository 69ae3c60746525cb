/// Where a store's memory is read: one entry's value by kind and key (nil: absent). Everything a
/// mapper asks of `BridgeMemory` is read through this, and decoded here, the same on every store.
public protocol MemoryLookup: BridgeMemory {
    func value(_ kind: MemoryKind, key: String) async throws -> String?
}

extension MemoryLookup {
    public func saleEventID(paidBy reference: PaymentReference) async throws -> String? {
        try await value(.salePaidBy, key: MemoryKey.payment(reference))
    }

    public func sale(eventID: String) async throws -> SaleRecord? {
        try await record(SaleRecord.self, .sale, key: eventID)
    }

    public func subscriptionMRR(subscriptionID: String) async throws -> Int? {
        try await integer(.subscriptionMRR, key: subscriptionID)
    }

    public func refundedTotal(paymentID: String) async throws -> Int? {
        try await integer(.refundedTotal, key: paymentID)
    }

    public func clawback(saleEventID: String) async throws -> Clawback? {
        try await record(Clawback.self, .clawback, key: saleEventID)
    }

    public func customer(id: String) async throws -> CustomerRecord? {
        try await record(CustomerRecord.self, .customer, key: id)
    }

    public func invoiceCharge(key: String) async throws -> InvoiceCharge? {
        try await record(InvoiceCharge.self, .invoiceCharge, key: key)
    }

    public func refundQueued(eventID: String) async throws -> Bool {
        try await value(.refundQueued, key: eventID) != nil
    }

    private func integer(_ kind: MemoryKind, key: String) async throws -> Int? {
        guard let text = try await value(kind, key: key) else { return nil }
        return try MemoryEntry.integer(text, kind: kind, key: key)
    }

    private func record<Record: Decodable & Sendable>(_ type: Record.Type, _ kind: MemoryKind, key: String) async throws -> Record? {
        guard let text = try await value(kind, key: key) else { return nil }
        return try MemoryEntry.record(type, text, kind: kind, key: key)
    }
}
