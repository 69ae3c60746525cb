/// How a fact changes the bridge's memory: the one rule every store applies, inside the
/// transaction that records the mapping, to the entry it holds under the fact's key. Later facts
/// win, except that an older subscription snapshot never replaces a newer one, refunded totals
/// and clawbacks never shrink (events arrive out of order), and a customer's later event keeps
/// what it leaves out.
public enum MemoryMerge {
    /// Where a fact is written.
    public static func slot(of fact: Fact) -> (kind: MemoryKind, key: String) {
        switch fact {
        case .salePaidBy(let reference, _): (.salePaidBy, MemoryKey.payment(reference))
        case .saleRecorded(let sale): (.sale, sale.eventID)
        case .subscriptionMRR(let id, _, _): (.subscriptionMRR, id)
        case .refundedTotal(let id, _): (.refundedTotal, id)
        case .saleClawback(let id, _): (.clawback, id)
        case .customer(let id, _): (.customer, id)
        case .invoiceCharged(let charge): (.invoiceCharge, charge.key)
        case .refundQueued(let id): (.refundQueued, id)
        }
    }

    /// The entry to write for `fact` over what is stored under its key (nil: nothing yet), or nil
    /// when the stored entry stands. `now` is the commit's time in milliseconds.
    public static func entry(for fact: Fact, over stored: MemoryEntry?, at now: Int64) throws -> MemoryEntry? {
        let (kind, key) = slot(of: fact)
        let value: String
        var asOf = now
        switch fact {
        case .salePaidBy(_, let saleEventID):
            value = saleEventID
        case .saleRecorded(let sale):
            value = try MemoryEntry.json(sale)
        case .subscriptionMRR(_, let mrr, let snapshot):
            if let stored, stored.asOf > Int64(snapshot) { return nil }
            value = String(mrr)
            asOf = Int64(snapshot)
        case .refundedTotal(_, let total):
            if let stored, try MemoryEntry.integer(stored.value, kind: kind, key: key) >= total { return nil }
            value = String(total)
        case .saleClawback(_, let clawback):
            if let stored, try MemoryEntry.record(Clawback.self, stored.value, kind: kind, key: key).sent >= clawback.sent {
                return nil
            }
            value = try MemoryEntry.json(clawback)
        case .customer(_, let customer):
            let known = try stored.map { try MemoryEntry.record(CustomerRecord.self, $0.value, kind: kind, key: key) }
            value = try MemoryEntry.json(known.map { $0.merged(with: customer) } ?? customer)
        case .invoiceCharged(let charge):
            value = try MemoryEntry.json(charge)
        case .refundQueued:
            value = "1"
        }
        return MemoryEntry(kind: kind, key: key, value: value, asOf: asOf)
    }
}
