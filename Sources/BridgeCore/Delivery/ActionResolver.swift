import Foundation

/// Turns a mapper's actions into outbox rows, filling in what only the bridge's memory knows:
/// a recorded subscription's MRR, the sale a refund reverses, and how much a cumulative refund
/// newly gives back. Resolve before the event's own facts are applied.
public enum ActionResolver {
    public static func resolve(_ actions: [Action], memory: some BridgeMemory) async throws -> [PlannedDelivery] {
        var planned: [PlannedDelivery] = []
        for action in actions {
            switch action {
            case .sale(let sale):
                planned.append(.call(try await call(for: sale, memory: memory)))
            case .refund(let refund):
                planned.append(try await delivery(for: refund, memory: memory))
            case .cancellation(let cancellation):
                planned.append(.call(call(for: cancellation)))
            case .ignored(let reason):
                planned.append(.ignored(reason: reason))
            }
        }
        return planned
    }

    static func call(for sale: SaleParameters, memory: some BridgeMemory) async throws -> FirstPromoterCall {
        var mrr: Int?
        switch sale.mrr {
        case .known(let value): mrr = value
        case .recordedSubscription(let id, let otherwise):
            mrr = try await memory.subscriptionMRR(subscriptionID: id) ?? otherwise
        case nil: mrr = nil
        }
        var fields = FieldList()
        fields.add("email", sale.email)
        fields.add("uid", sale.uid)
        fields.add("event_id", sale.eventID)
        fields.add("amount", String(sale.amount))
        fields.add("quantity", sale.quantity.map(String.init))
        fields.add("plan", sale.plan)
        fields.add("currency", sale.currency)
        fields.add("mrr", mrr.map(String.init))
        fields.add("subscription_id", sale.subscriptionID)
        fields.add("created_at", sale.createdAt.map(iso8601))
        fields.add("promo_code", sale.promoCode)
        fields.add("tid", sale.tid)
        fields.add("ref_id", sale.refID)
        return FirstPromoterCall(endpoint: .sale, eventID: sale.eventID, parameters: fields.fields)
    }

    static func delivery(for refund: RefundParameters, memory: some BridgeMemory) async throws -> PlannedDelivery {
        let amount: Int
        switch refund.amount {
        case .exact(let value): amount = value
        case .cumulative(let paymentID, let total):
            let before = try await memory.refundedTotal(paymentID: paymentID) ?? 0
            amount = total - before
            if amount <= 0 {
                return .ignored(
                    reason: "refund \(refund.eventID): \(paymentID) has \(total) refunded in all, "
                        + "and \(before) was already forwarded: nothing new to refund")
            }
        }
        var saleEventID = refund.saleEventID
        for reference in refund.saleReferences where saleEventID == nil {
            saleEventID = try await memory.saleEventID(paidBy: reference)
        }
        var note: String?
        if saleEventID == nil {
            let tried = refund.saleReferences.map(\.description).joined(separator: ", ")
            note = "no recorded sale was paid by \(tried.isEmpty ? "this payment" : tried): sent without sale_event_id"
        }
        var fields = FieldList()
        fields.add("email", refund.email)
        fields.add("uid", refund.uid)
        fields.add("event_id", refund.eventID)
        fields.add("amount", String(amount))
        fields.add("currency", refund.currency)
        fields.add("sale_event_id", saleEventID)
        fields.add("created_at", refund.createdAt.map(iso8601))
        return .call(FirstPromoterCall(endpoint: .refund, eventID: refund.eventID, parameters: fields.fields, note: note))
    }

    static func call(for cancellation: CancellationParameters) -> FirstPromoterCall {
        var fields = FieldList()
        fields.add("email", cancellation.email)
        fields.add("uid", cancellation.uid)
        fields.add("event_id", cancellation.eventID)
        fields.add("created_at", cancellation.createdAt.map(iso8601))
        return FirstPromoterCall(endpoint: .cancellation, eventID: cancellation.eventID, parameters: fields.fields)
    }

    static func iso8601(_ date: Date) -> String { date.ISO8601Format() }
}

/// Form fields in order, leaving out the absent and the empty.
private struct FieldList {
    var fields: [FormField] = []
    mutating func add(_ name: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        fields.append(FormField(name, value))
    }
}
