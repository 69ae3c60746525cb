/// An invoice event (`invoice.paid`) read by the scanner (`JSONFieldScanner`) instead of
/// Foundation's decoder, which cost half the time of verifying, decoding and mapping a 5 KB
/// invoice: its generic `Decodable` walk, not the JSON, is the cost.
///
/// A fast path only, as the envelope's scan: every field is read exactly as the `Decodable` types
/// in StripeEvent.swift read it, and anything they would read differently or refuse (a field of
/// another type, an escape in a string, a number that is not a plain integer, a time out of range)
/// makes the scan answer nil, and the decoder then gives its own answer or error. The tests and
/// the fuzzer compare the two on every input.
public enum StripeInvoiceScan {
    typealias Value = JSONFieldScanner.Value
    typealias Wanted = JSONFieldScanner.Wanted

    /// Nil when the scan leaves `body` to the decoder or reads it as the decoder does; else what
    /// differs (for the tests and the fuzzer).
    public static func disagreement(on body: [UInt8]) -> String? {
        if let top = scan(body), let head = StripeEventHead.scanned(top: top) {
            do {
                let decoded = try StripeEventHead.decoded(body)
                if head != decoded { return "the head read by the invoice's scan, \(head), differs from the decoder's \(decoded)" }
            } catch {
                return "the invoice's scan read a head the decoder refuses: \(error)"
            }
        }
        guard let scanned = event(body) else { return nil }
        do {
            let decoded = try StripeMapper.reader.decode(StripeEvent<StripeInvoice>.self, from: body)
            return scanned == decoded ? nil : "scanned invoice event \(scanned) differs from the decoder's \(decoded)"
        } catch {
            return "the invoice scan read what the decoder refuses: \(error)"
        }
    }

    static func event(_ body: [UInt8]) -> StripeEvent<StripeInvoice>? {
        scan(body).flatMap(event(top:))
    }

    /// One pass that reads what the mapper's head (`StripeEventHead.wanted`) and an invoice event
    /// need, so that an invoice costs one scan, not two.
    static func scan(_ body: [UInt8]) -> [String: Value]? {
        JSONFieldScanner.topLevel(body, wanted: wanted)
    }

    static func event(top: [String: Value]) -> StripeEvent<StripeInvoice>? {
        guard case .string(let id)? = top["id"], case .string(let type)? = top["type"],
            let created = optional(top["created"], time),
            let livemode = optional(top["livemode"], bool),
            let apiVersion = optional(top["api_version"], string),
            case .object(let data)? = top["data"],
            let object = data["object"].flatMap(invoice),
            let previous = optional(data["previous_attributes"], previousAttributes)
        else { return nil }
        return StripeEvent(
            id: id, type: type, created: created, livemode: livemode, api_version: apiVersion,
            data: .init(object: object, previous_attributes: previous))
    }

    // MARK: What is read

    private static let expandable: Wanted = ["id"]
    private static let subscriptionDetails = Wanted([], inside: ["subscription": expandable, "metadata": .wholeObject])
    private static let price = Wanted(["id", "unit_amount", "currency"], inside: ["recurring": ["interval", "interval_count", "usage_type"]])
    private static let line = Wanted(
        ["amount", "quantity", "proration", "type"],
        inside: [
            "period": ["start", "end"], "price": price, "plan": ["id", "amount", "interval", "interval_count"], "subscription": expandable,
            "pricing": Wanted([], inside: ["price_details": Wanted([], inside: ["price": expandable])]),
            "parent": Wanted(["type"], inside: ["subscription_item_details": ["subscription", "proration"]]),
        ])
    private static let invoiceFields = Wanted(
        [
            "id", "object", "customer_email", "currency", "amount_paid", "total", "total_excluding_tax", "subtotal", "subtotal_excluding_tax", "tax",
            "livemode",
        ],
        inside: [
            "customer": expandable, "total_taxes": .elements(["amount"]), "total_tax_amounts": .elements(["amount"]),
            "metadata": .wholeObject, "subscription": expandable, "subscription_details": subscriptionDetails,
            "payment_intent": expandable, "charge": expandable, "discount": Wanted([], inside: ["coupon": expandable]),
            "parent": Wanted(["type"], inside: ["subscription_details": subscriptionDetails]),
            "discounts": .elements(Wanted([], inside: ["coupon": expandable, "source": Wanted([], inside: ["coupon": expandable])])),
            "lines": Wanted([], inside: ["data": .elements(line)]), "status_transitions": ["paid_at"],
            "payments": Wanted(
                [], inside: ["data": .elements(Wanted(["status"], inside: ["payment": Wanted(["type"], inside: ["payment_intent": expandable, "charge": expandable])]))]),
        ])
    private static let wanted = Wanted(
        ["id", "type", "created", "livemode", "api_version"],
        inside: ["data": Wanted([], inside: ["object": invoiceFields, "previous_attributes": ["amount_refunded"]])])

    // MARK: Objects

    private static func invoice(_ value: Value) -> StripeInvoice? {
        guard case .object(let o) = value,
            case .string(let id)? = o["id"], case .string(let currency)? = o["currency"],
            let customer = optional(o["customer"], expandableID),
            let customerEmail = optional(o["customer_email"], string),
            let amountPaid = optional(o["amount_paid"], integer),
            let total = optional(o["total"], integer),
            let totalExcludingTax = optional(o["total_excluding_tax"], integer),
            let subtotal = optional(o["subtotal"], integer),
            let subtotalExcludingTax = optional(o["subtotal_excluding_tax"], integer),
            let tax = optional(o["tax"], integer),
            let totalTaxes = optional(o["total_taxes"], { list($0, amount) }),
            let totalTaxAmounts = optional(o["total_tax_amounts"], { list($0, amount) }),
            let livemode = optional(o["livemode"], bool),
            let metadata = optional(o["metadata"], stringMap),
            let subscription = optional(o["subscription"], expandableID),
            let details = optional(o["subscription_details"], subscriptionDetails),
            let paymentIntent = optional(o["payment_intent"], expandableID),
            let charge = optional(o["charge"], expandableID),
            let discount = optional(o["discount"], discount),
            let parent = optional(o["parent"], invoiceParent),
            let discounts = optional(o["discounts"], { list($0, discountReference) }),
            let lines = optional(o["lines"], lineList),
            let transitions = optional(o["status_transitions"], statusTransitions),
            let payments = optional(o["payments"], paymentList)
        else { return nil }
        return StripeInvoice(
            id: id, customer: customer, customer_email: customerEmail, currency: currency, amount_paid: amountPaid, total: total,
            total_excluding_tax: totalExcludingTax, subtotal: subtotal, subtotal_excluding_tax: subtotalExcludingTax, tax: tax,
            total_taxes: totalTaxes, total_tax_amounts: totalTaxAmounts, livemode: livemode, metadata: metadata,
            subscription: subscription, subscription_details: details, payment_intent: paymentIntent, charge: charge,
            discount: discount, parent: parent, discounts: discounts, lines: lines, status_transitions: transitions, payments: payments)
    }

    private static func paymentList(_ value: Value) -> StripeList<StripeInvoice.Paid>? {
        guard case .object(let o) = value, let data = o["data"].flatMap({ list($0, paid) }) else { return nil }
        return StripeList(data: data)
    }

    private static func paid(_ value: Value) -> StripeInvoice.Paid? {
        guard case .object(let o) = value, let status = optional(o["status"], string),
            case .object(let p)? = o["payment"], case .string(let type)? = p["type"],
            let intent = optional(p["payment_intent"], expandableID),
            let charge = optional(p["charge"], expandableID)
        else { return nil }
        return StripeInvoice.Paid(status: status, payment: .init(type: type, payment_intent: intent, charge: charge))
    }

    private static func previousAttributes(_ value: Value) -> StripeEvent<StripeInvoice>.PreviousAttributes? {
        guard case .object(let o) = value, let refunded = optional(o["amount_refunded"], integer) else { return nil }
        return .init(amount_refunded: refunded)
    }

    private static func subscriptionDetails(_ value: Value) -> StripeInvoice.SubscriptionDetails? {
        guard case .object(let o) = value,
            let subscription = optional(o["subscription"], expandableID),
            let metadata = optional(o["metadata"], stringMap)
        else { return nil }
        return .init(subscription: subscription, metadata: metadata)
    }

    private static func invoiceParent(_ value: Value) -> StripeInvoice.Parent? {
        guard case .object(let o) = value,
            let type = optional(o["type"], string),
            let details = optional(o["subscription_details"], subscriptionDetails)
        else { return nil }
        return .init(type: type, subscription_details: details)
    }

    private static func statusTransitions(_ value: Value) -> StripeInvoice.StatusTransitions? {
        guard case .object(let o) = value, let paidAt = optional(o["paid_at"], time) else { return nil }
        return .init(paid_at: paidAt)
    }

    private static func amount(_ value: Value) -> StripeAmount? {
        guard case .object(let o) = value, case .integer(let amount)? = o["amount"] else { return nil }
        return StripeAmount(amount: amount)
    }

    private static func discount(_ value: Value) -> StripeDiscount? {
        guard case .object(let o) = value, let coupon = optional(o["coupon"], expandableID) else { return nil }
        return StripeDiscount(coupon: coupon)
    }

    /// An id string, or an expanded discount whose coupon is at `coupon` or `source.coupon`.
    private static func discountReference(_ value: Value) -> StripeDiscountReference? {
        switch value {
        case .string: return StripeDiscountReference(couponID: nil)
        case .object(let o):
            guard let coupon = optional(o["coupon"], expandableID),
                let source = optional(o["source"], { value -> StripeExpandable?? in
                    guard case .object(let s) = value else { return nil }
                    return optional(s["coupon"], expandableID)
                })
            else { return nil }
            return StripeDiscountReference(couponID: coupon?.id ?? source??.id)
        default: return nil
        }
    }

    private static func lineList(_ value: Value) -> StripeList<StripeInvoiceLine>? {
        guard case .object(let o) = value, let data = o["data"].flatMap({ list($0, invoiceLine) }) else { return nil }
        return StripeList(data: data)
    }

    private static func invoiceLine(_ value: Value) -> StripeInvoiceLine? {
        guard case .object(let o) = value,
            let amount = optional(o["amount"], integer),
            let quantity = optional(o["quantity"], integer),
            let period = optional(o["period"], period),
            let price = optional(o["price"], price),
            let plan = optional(o["plan"], plan),
            let proration = optional(o["proration"], bool),
            let type = optional(o["type"], string),
            let subscription = optional(o["subscription"], expandableID),
            let pricing = optional(o["pricing"], pricing),
            let parent = optional(o["parent"], lineParent)
        else { return nil }
        return StripeInvoiceLine(
            amount: amount, quantity: quantity, period: period, price: price, plan: plan, proration: proration, type: type,
            subscription: subscription, pricing: pricing, parent: parent)
    }

    private static func period(_ value: Value) -> StripeInvoiceLine.Period? {
        guard case .object(let o) = value, let start = o["start"].flatMap(time), let end = o["end"].flatMap(time) else { return nil }
        return .init(start: start, end: end)
    }

    private static func pricing(_ value: Value) -> StripeInvoiceLine.Pricing? {
        guard case .object(let o) = value,
            let details = optional(o["price_details"], { value -> StripeInvoiceLine.PriceDetails? in
                guard case .object(let d) = value, let price = optional(d["price"], expandableID) else { return nil }
                return .init(price: price)
            })
        else { return nil }
        return .init(price_details: details)
    }

    private static func lineParent(_ value: Value) -> StripeInvoiceLine.Parent? {
        guard case .object(let o) = value,
            let type = optional(o["type"], string),
            let details = optional(o["subscription_item_details"], { value -> StripeInvoiceLine.SubscriptionItemDetails? in
                guard case .object(let d) = value,
                    let subscription = optional(d["subscription"], string),
                    let proration = optional(d["proration"], bool)
                else { return nil }
                return .init(subscription: subscription, proration: proration)
            })
        else { return nil }
        return .init(type: type, subscription_item_details: details)
    }

    private static func price(_ value: Value) -> StripePrice? {
        guard case .object(let o) = value, case .string(let id)? = o["id"],
            let unitAmount = optional(o["unit_amount"], integer),
            let currency = optional(o["currency"], string),
            let recurring = optional(o["recurring"], { value -> StripePrice.Recurring? in
                guard case .object(let r) = value, case .string(let interval)? = r["interval"],
                    let count = optional(r["interval_count"], integer),
                    let usage = optional(r["usage_type"], string)
                else { return nil }
                return .init(interval: interval, interval_count: count, usage_type: usage)
            })
        else { return nil }
        return StripePrice(id: id, unit_amount: unitAmount, currency: currency, recurring: recurring)
    }

    private static func plan(_ value: Value) -> StripePlan? {
        guard case .object(let o) = value, case .string(let id)? = o["id"],
            let amount = optional(o["amount"], integer),
            let interval = optional(o["interval"], string),
            let count = optional(o["interval_count"], integer)
        else { return nil }
        return StripePlan(id: id, amount: amount, interval: interval, interval_count: count)
    }

    // MARK: Values

    /// An optional field as `decodeIfPresent` reads it: `.some(nil)` when absent or null, the value
    /// when `read` takes it, and nil (the decoder's to answer) when it does not.
    private static func optional<T>(_ value: Value?, _ read: (Value) -> T?) -> T?? {
        switch value {
        case nil, .null?: return .some(nil)
        case let value?: return read(value).map { .some($0) }
        }
    }

    /// Every element read, or nil when one is not (an array decodes whole or not at all).
    private static func list<T>(_ value: Value, _ read: (Value) -> T?) -> [T]? {
        guard case .array(let items) = value else { return nil }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let element = read(item) else { return nil }
            out.append(element)
        }
        return out
    }

    private static func string(_ value: Value) -> String? {
        if case .string(let text) = value { text } else { nil }
    }

    private static func integer(_ value: Value) -> Int? {
        if case .integer(let number) = value { number } else { nil }
    }

    private static func bool(_ value: Value) -> Bool? {
        if case .bool(let flag) = value { flag } else { nil }
    }

    /// `[String: String]`: every member a string.
    private static func stringMap(_ value: Value) -> [String: String]? {
        guard case .object(let members) = value else { return nil }
        var out: [String: String] = [:]
        for (key, member) in members {
            guard case .string(let text) = member else { return nil }
            out[key] = text
        }
        return out
    }

    /// An id, or an expanded object with its `id` (`StripeExpandable`).
    private static func expandableID(_ value: Value) -> StripeExpandable? {
        switch value {
        case .string(let id): StripeExpandable(id: id)
        case .object(let o): if case .string(let id)? = o["id"] { StripeExpandable(id: id) } else { nil }
        default: nil
        }
    }

    /// Unix seconds or RFC 3339 text, in range (`PayloadTime`'s decoding).
    private static func time(_ value: Value) -> PayloadTime? {
        switch value {
        case .integer(let seconds):
            do { return try PayloadTime(unixSeconds: seconds, field: "") } catch { return nil }
        case .string(let text): return PayloadTime.rfc3339(text)
        default: return nil
        }
    }
}
