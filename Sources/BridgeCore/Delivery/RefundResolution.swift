import Foundation

extension ActionResolver {
    /// A refund or dispute: linked to its sale (from the payload or memory, else held for the link
    /// up to `holds.refund_link_seconds`), sent to the sale's lead, and scaled to the sale's
    /// tax-free share so that one sale's refunds never add up to more than the sale.
    func resolve(_ refund: RefundParameters) async throws -> Step {
        if try await memory.refundQueued(eventID: refund.eventID) {
            return .planned(.ignored(reason: "\(refund.what) \(refund.eventID) is already queued from another event: sent once"))
        }
        var saleEventID = refund.saleEventID
        for reference in refund.saleReferences where saleEventID == nil {
            saleEventID = try await memory.saleEventID(paidBy: reference)
        }
        var sale: SaleRecord?
        if let saleEventID { sale = try await memory.sale(eventID: saleEventID) }
        // The payment paid something that is not a sale itself (a subscription): its first sale.
        if sale == nil, let owner = saleEventID, let first = try await memory.saleEventID(paidBy: .firstSale(of: owner)) {
            saleEventID = first
            sale = try await memory.sale(eventID: first)
        }
        let payments = refund.saleReferences.map(\.description).joined(separator: ", ")
        let missing =
            saleEventID.map { "its sale \($0) is not recorded yet" }
            ?? "no sale paid by \(payments.isEmpty ? "this payment" : payments) is recorded yet"
        if sale == nil,
            let wait = hold(
                until: clock.deadline(after: holds.refundLinkSeconds),
                "\(refund.what) \(refund.eventID): \(missing); held for the link to its sale, or the sale",
                keys: refund.saleReferences.map(MemoryKey.payment)
                    + [saleEventID.map(MemoryKey.sale), saleEventID.map { MemoryKey.payment(.firstSale(of: $0)) }].compactMap { $0 })
        {
            return wait
        }

        let charged: Int
        var taxFree: Int?
        switch refund.amount {
        case .exact(let value): charged = value
        case .taxFree(let value):
            charged = value
            taxFree = value
        case .cumulative(let paymentID, let total):
            let before = try await memory.refundedTotal(paymentID: paymentID) ?? 0
            let (newly, overflow) = total.subtractingReportingOverflow(before)
            guard !overflow, newly > 0 else {
                return .planned(.ignored(
                    reason: "\(refund.what) \(refund.eventID): \(paymentID) has \(total) refunded in all, "
                        + "and \(before) was already forwarded: nothing new to refund"))
            }
            charged = newly
        }
        guard charged > 0 else {
            return .planned(.ignored(reason: "\(refund.what) \(refund.eventID): amount \(charged) is not positive"))
        }
        let payloadLead = try await lead(uid: refund.uid, email: refund.email, customerID: refund.customerID)
        // The lead FirstPromoter has the sale under, when the bridge recorded it.
        let uid = sale?.uid ?? (sale?.email == nil ? payloadLead.uid : nil)
        let email = sale?.email ?? payloadLead.email
        guard uid != nil || email != nil else {
            return .planned(.ignored(
                reason: "\(refund.what) \(refund.eventID): names no customer or email, and \(missing); FirstPromoter needs one"))
        }

        var amount = charged
        var facts: [Fact] = [.refundQueued(eventID: refund.eventID)]
        var note: String?
        if let sale, let saleEventID {
            let saleCharged = sale.charged ?? sale.amount
            let before = try await memory.clawback(saleEventID: saleEventID) ?? Clawback(charged: 0, sent: 0)
            let clawed: Int
            let target: Int
            if let taxFree {
                let (total, overflow) = before.sent.addingReportingOverflow(taxFree)
                target = overflow ? sale.amount : min(total, sale.amount)
                // Capped: it never exceeds what the sale charged.
                clawed = sale.amount > 0 ? min(MinorUnits.scale(target, by: saleCharged, over: sale.amount) ?? saleCharged, saleCharged) : before.charged
            } else {
                let (total, overflow) = before.charged.addingReportingOverflow(charged)
                clawed = overflow ? saleCharged : min(total, saleCharged)
                // Scaled cumulatively, so rounding never lets the steps add up to more than the sale.
                target = saleCharged > 0 ? min(MinorUnits.scale(clawed, by: sale.amount, over: saleCharged) ?? sale.amount, sale.amount) : 0
            }
            guard let left = MinorUnits.difference(target, before.sent) else {
                throw PayloadError("\(refund.what) \(refund.eventID): \(target) less the \(before.sent) already clawed back does not fit")
            }
            amount = left
            facts.append(.saleClawback(saleEventID: saleEventID, Clawback(charged: clawed, sent: max(target, before.sent))))
            guard amount > 0 else {
                return .planned(
                    .ignored(
                        reason: "\(refund.what) \(refund.eventID): sale \(saleEventID)'s \(sale.amount) "
                            + "(before tax) is already all clawed back"),
                    facts: facts)
            }
        } else {
            note = "\(refund.what) \(refund.eventID): \(missing) after waiting \(holds.refundLinkSeconds) s: sent "
                + (saleEventID == nil ? "without sale_event_id, " : "")
                + (taxFree == nil ? "as charged, tax not excluded" : "as the provider gave it, tax excluded")
        }
        var fields = FieldList()
        fields.add("email", email)
        fields.add("uid", uid)
        fields.add("event_id", refund.eventID)
        fields.add("amount", String(amount))
        fields.add("currency", refund.currency ?? sale?.currency)
        fields.add("sale_event_id", saleEventID)
        fields.add("created_at", refund.createdAt.map(Self.iso8601))
        let call = FirstPromoterCall(
            endpoint: .refund, eventID: refund.eventID, parameters: fields.fields, note: note,
            after: saleEventID.map { DeliveryKey(.sale, $0) })
        return .planned(.call(call), facts: facts)
    }
}
