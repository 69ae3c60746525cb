/// The ids a mapping carries that become keys: the outbox's `event_id`, the memory's entries and
/// the leads they are found by. SQLite (and C strings everywhere) end a text at a NUL, and a log
/// line at a line break: an id holding one would be cut into another's and merge two sales. So an
/// id is kept whole or the event is refused, naming it; never cut.
extension Mapping {
    public func refuseIDsThatWouldBeCut() throws(PayloadError) {
        for (field, value) in keyedIDs where value.holdsControlCharacter {
            throw PayloadError("\(field) \(value.debugDescription) holds a control character: an id that is a key is kept whole or refused")
        }
    }

    /// The ids an operator may have at hand for this event (invoice, charge, customer,
    /// subscription, lead, email, FirstPromoter event_id): the store's index finds the event by each.
    public var searchableIDs: Set<String> {
        Set(keyedIDs.compactMap { field, value in
            field.hasSuffix("currency") || field.hasSuffix("kind") || field == "memory key" || value.isEmpty ? nil : value
        })
    }

    /// Every id with the name of what it is, for the error.
    var keyedIDs: [(String, String)] {
        var ids: [(String, String?)] = []
        func references(_ list: [PaymentReference], _ what: String) {
            for reference in list { ids += [("\(what) kind", reference.kind), ("\(what) id", reference.id)] }
        }
        for action in actions {
            switch action {
            case .sale(let sale):
                ids += [("sale event_id", sale.eventID), ("sale uid", sale.uid), ("sale email", sale.email),
                        ("sale customer id", sale.customerID), ("sale subscription_id", sale.subscriptionID), ("sale currency", sale.currency)]
                references(sale.oneTime?.paidWith ?? [], "sale payment")
                if let charge = sale.oneTime?.charge { ids += charge.keyedIDs }
            case .refund(let refund):
                ids += [("refund event_id", refund.eventID), ("refund uid", refund.uid), ("refund email", refund.email),
                        ("refund sale_event_id", refund.saleEventID), ("refund customer id", refund.customerID), ("refund currency", refund.currency)]
                references(refund.saleReferences, "refund's sale payment")
            case .cancellation(let cancellation):
                ids += [("cancellation event_id", cancellation.eventID), ("cancellation uid", cancellation.uid),
                        ("cancellation email", cancellation.email), ("cancellation customer id", cancellation.customerID)]
            case .signup(let signup):
                ids += [("signup uid", signup.uid), ("signup email", signup.email), ("signup tid", signup.tid), ("signup ref_id", signup.refID)]
            case .ignored:
                break
            }
        }
        for fact in facts {
            ids.append(("memory key", fact.key))
            switch fact {
            case .salePaidBy(_, let saleEventID): ids.append(("sale event_id", saleEventID))
            case .saleRecorded(let sale): ids += [("sale event_id", sale.eventID), ("sale uid", sale.uid), ("sale email", sale.email)]
            case .customer(_, let record): ids += [("customer uid", record.uid), ("customer email", record.email)]
            case .invoiceCharged(let charge): ids += charge.keyedIDs
            case .subscriptionMRR, .refundedTotal, .saleClawback, .refundQueued: break
            }
        }
        return ids.compactMap { field, value in value.map { (field, $0) } }
    }
}

extension InvoiceCharge {
    fileprivate var keyedIDs: [(String, String?)] {
        [("invoice charge customer id", customerID), ("invoice charge currency", currency), ("invoice id", invoiceID)]
    }
}
