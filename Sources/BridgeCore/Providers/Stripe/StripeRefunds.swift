import Foundation

/// `charge.refunded` and disputes: refunds of what was charged, which the resolver links to the
/// sale and scales to its tax-free share.
extension StripeMapper {
    func refund(from event: StripeEvent<StripeCharge>) throws -> Mapping {
        let charge = event.data.object
        let currency = try Self.reader.currency(charge.currency, field: "currency")
        let total = StripeMoney.minorUnits(charge.amount_refunded, currency: currency)
        let facts: [Fact] = [.refundedTotal(paymentID: charge.id, total: total)]
        let amount: RefundAmount
        if let previous = event.data.previous_attributes?.amount_refunded {
            let (newly, overflow) = total.subtractingReportingOverflow(StripeMoney.minorUnits(previous, currency: currency))
            guard !overflow, newly > 0 else {
                return .ignored("charge \(charge.id): amount_refunded did not grow (\(previous) → \(charge.amount_refunded))", facts: facts)
            }
            amount = .exact(newly)
        } else {
            amount = .cumulative(paymentID: charge.id, total: total)
        }
        let refund = RefundParameters(
            email: charge.billing_details?.email ?? charge.receipt_email,
            uid: charge.customer?.id,
            // One id per refund step: Stripe retries of this step collapse, the next step differs.
            eventID: "\(charge.id)-refunded-\(total)",
            amount: amount,
            currency: currency,
            saleEventID: charge.invoice?.id,
            saleReferences: references(intent: charge.payment_intent, charge: StripeExpandable(id: charge.id)),
            createdAt: event.created.map(\.date),
            customerID: charge.customer?.id
        )
        return Mapping(actions: [.refund(refund)], facts: facts)
    }

    /// A lost dispute is a refund of the disputed amount (`event_id` = the dispute id); a won one
    /// changes nothing. Listing `charge.dispute.created` under refund refunds when the dispute
    /// opens instead, as FirstPromoter's native integration does; then its close adds nothing.
    func dispute(_ event: StripeEvent<StripeDispute>, rules: MappingRules) throws -> Mapping {
        let dispute = event.data.object
        let what = "dispute \(dispute.id) on charge \(dispute.charge?.id ?? "?")"
        if event.type == "charge.dispute.closed" {
            guard dispute.status == "lost" else {
                return .ignored("\(what) closed as \(dispute.status ?? "?"): nothing changes for the affiliate")
            }
            if rules.events[.refund]?.contains("charge.dispute.created") == true {
                return .ignored("\(what) was lost: already refunded when it opened (charge.dispute.created is routed to refund)")
            }
        }
        let currency = try Self.reader.currency(dispute.currency, field: "currency")
        let refund = RefundParameters(
            email: dispute.evidence?.customer_email_address,
            eventID: dispute.id,
            amount: .exact(StripeMoney.minorUnits(dispute.amount, currency: currency)),
            currency: currency,
            saleReferences: references(intent: dispute.payment_intent, charge: dispute.charge),
            createdAt: event.created.map(\.date),
            what: "dispute"
        )
        return Mapping(actions: [.refund(refund)])
    }
}
