import Foundation

extension ActionResolver {
    /// A sale: a one-time payment first decides whether it is one; then the customer's remembered
    /// referral data and MRR fill the call, and the sale is remembered for its refunds.
    func resolve(_ sale: SaleParameters) async throws -> Step {
        var sale = sale
        var facts: [Fact] = []
        if let oneTime = sale.oneTime {
            for reference in oneTime.paidWith {
                guard let owner = try await memory.saleEventID(paidBy: reference) else { continue }
                let reason =
                    owner == sale.eventID
                    ? "\(reference) is already the one-time sale \(owner) (from another event of the same payment): sent once"
                    : "\(reference) paid \(owner), which is the sale: not a second one"
                return .planned(.ignored(reason: reason))
            }
            if let charge = oneTime.charge, let invoice = try await memory.invoiceCharge(key: charge.key),
                invoice.isSamePayment(as: charge)
            {
                // Remembered, so that a refund naming this payment finds the invoice's sale.
                return .planned(
                    .ignored(
                        reason: "invoice \(invoice.invoiceID ?? "?") charged \(charge.customerID) the same \(charge.amount) "
                            + "\(charge.currency) at the same time: it is the sale, not this payment "
                            + "(no invoice_payment.paid linked them)"),
                    facts: invoice.invoiceID.map { id in oneTime.paidWith.map { Fact.salePaidBy($0, saleEventID: id) } } ?? [])
            }
            let ids = oneTime.paidWith.map(\.description).joined(separator: " and ")
            if oneTime.holdForOtherSources,
                let wait = hold(
                    until: clock.deadline(after: holds.paymentSeconds),
                    "\(ids): held for \(oneTime.claimants) that claims it",
                    keys: oneTime.paidWith.map(MemoryKey.payment) + [oneTime.charge?.key].compactMap { $0 })
            {
                return wait
            }
            facts += oneTime.paidWith.map { Fact.salePaidBy($0, saleEventID: sale.eventID) }
        }
        if let customerID = sale.customerID, let known = try await memory.customer(id: customerID) {
            sale.tid = sale.tid ?? known.tid
            sale.refID = sale.refID ?? known.refID
            sale.uid = known.uid ?? sale.uid
            sale.email = sale.email ?? known.email
        }
        guard sale.uid != nil || sale.email != nil else {
            return .planned(.ignored(reason: "sale \(sale.eventID) names no customer or email; FirstPromoter needs one"))
        }
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
        fields.add("created_at", sale.createdAt.map(Self.iso8601))
        fields.add("promo_code", sale.promoCode)
        fields.add("tid", sale.tid)
        fields.add("ref_id", sale.refID)
        // The lead's signup, when one is queued, goes first: the lead exists before its sale.
        let signup = SignupParameters.key(uid: sale.uid, email: sale.email).map { DeliveryKey(.signup, $0) }
        // The lead's later cancellation goes after this sale.
        facts += PaymentReference.leadKeys(uid: sale.uid, email: sale.email).map {
            .salePaidBy(.latestSale(ofLead: $0), saleEventID: sale.eventID)
        }
        facts.append(.saleRecorded(SaleRecord(
            eventID: sale.eventID, uid: sale.uid, email: sale.email, currency: sale.currency, amount: sale.amount,
            charged: sale.charged)))
        let call = FirstPromoterCall(endpoint: .sale, eventID: sale.eventID, parameters: fields.fields, after: signup)
        return .planned(.call(call), facts: facts)
    }
}
