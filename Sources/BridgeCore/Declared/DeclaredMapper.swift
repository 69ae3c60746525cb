import Foundation

/// One event of a declared provider to FirstPromoter actions, through its file's paths. Pure.
struct DeclaredMapper {
    let spec: DeclaredProviderSpec
    let rules: MappingRules
    let payload: DeclaredPayload

    func map() throws -> Mapping {
        guard let type = try spec.eventType.text(payload) else { throw PayloadError("\(payload.what): \(spec.eventType.whereLooked) is missing") }
        if rules.testMode == .ignore, let test = spec.testWhen.first(where: { $0.holds(in: payload) }) {
            return .ignored("test-mode event (\(test.path): \(payload.tree[test.path]?.text ?? "absent")); \(spec.file) has test_mode: ignore")
        }
        guard let kind = rules.action(forEventType: type),
            let action = spec.actions[kind]?.first(where: { $0.types.isEmpty || $0.types.contains(type) })
        else {
            return .ignored("\(type) is not routed to a FirstPromoter call in \(spec.file)")
        }
        for path in action.requires where payload.tree[path].map(\.isAbsent) ?? true {
            throw PayloadError("\(payload.what): \(type) without \(path)")
        }
        if let unmet = action.onlyIf.first(where: { !$0.holds(in: payload) }) {
            return .ignored("\(type): \(unmet.reason(in: payload)), so not a \(kind.rawValue) (\(kind.rawValue).only_if)")
        }
        switch kind {
        case .sale: return try sale(action, type: type)
        case .refund: return try refund(action)
        default: return try cancellation(action)
        }
    }

    func currency(_ action: DeclaredAction) throws -> String? {
        guard let value = action.currency, let text = try value.text(payload) else { return nil }
        guard let code = CurrencyCode.normalized(text) else {
            throw PayloadError("\(payload.what): \(value.whereLooked) '\(text.prefix(20))' is not an ISO 4217 code")
        }
        if let decimals = action.currencyDecimals, !decimals.contains(CurrencyCode.exponent(of: code)) {
            throw PayloadError(
                "\(payload.what): \(code) has \(CurrencyCode.exponent(of: code)) decimals; \(spec.file) takes amounts only in "
                    + "currencies with \(decimals.map(String.init).joined(separator: " or ")) (\(value.key))")
        }
        return code
    }

    func required(_ amount: DeclaredAmount?, currency: String?) throws -> Int {
        guard let amount, let value = try amount.minorUnits(payload, currency: currency) else {
            throw PayloadError("\(payload.what): the amount is missing")
        }
        return value
    }

    func sale(_ action: DeclaredAction, type: String) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let what = "\(type) \(eventID)"
        let currency = try currency(action)
        let amount = try share(of: required(action.amount, currency: currency), action, currency: currency)
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let referral = rules.referral(referralValue(action))
        let customerID = try action.customerID?.text(payload)
        let email = try action.email?.text(payload)
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? customerID, email: email, of: what) { return .ignored(reason) }
        let sale = SaleParameters(
            email: email, uid: referral.uid ?? customerID, eventID: eventID, amount: amount,
            plan: rules.plan(for: try action.plan?.text(payload)), currency: currency,
            mrr: try monthly(amount, action).map { .known($0) }, subscriptionID: try action.subscriptionID?.text(payload),
            createdAt: try action.createdAt?.time(payload)?.date, tid: referral.tid, refID: referral.refID, customerID: customerID,
            charged: try action.charged?.minorUnits(payload, currency: currency), oneTime: try onePayment(action))
        return Mapping(actions: [.sale(sale)])
    }

    /// `amount.share`: the amount's share of a total without what is less (tax); 0 of a total of 0.
    func share(of amount: Int, _ action: DeclaredAction, currency: String?) throws -> Int {
        guard let share = action.share, let present = payload.tree[share.ifPresent], !present.isAbsent else { return amount }
        let parts = DeclaredAmount(value: share.total, unit: action.amount?.unit ?? .minor, minus: share.less)
        guard let total = try parts.read(share.total, payload, currency: currency),
            let excluding = try parts.minorUnits(payload, currency: currency)
        else { throw PayloadError("\(payload.what): \(share.total.whereLooked) is missing (\(share.total.key))") }
        guard total > 0 else { return 0 }
        guard let scaled = MinorUnits.scale(amount, by: excluding, over: total) else {
            throw PayloadError("\(payload.what): the share of \(share.total.whereLooked) does not fit")
        }
        return scaled
    }

    func onePayment(_ action: DeclaredAction) throws -> OneTimePayment? {
        guard let one = action.onePayment, let id = try one.reference.text(payload) else { return nil }
        // Held only for an event the mapping file routes to a sale: one that cannot come is not waited for.
        let present = one.holdIfPresent.map { payload.tree[$0].map { !$0.isAbsent } ?? false } ?? false
        let hold = present && one.holdFor.contains { rules.action(forEventType: $0) == .sale }
        return OneTimePayment(
            paidWith: [Self.reference(id)], holdForOtherSources: hold,
            claimants: hold ? (try one.claimants?.text(payload) ?? "a richer event") : "")
    }

    static func reference(_ id: String) -> PaymentReference { PaymentReference(kind: "payment", id: id) }

    /// The referral key's value in the first of the action's objects that has it as text.
    func referralValue(_ action: DeclaredAction) -> (String) -> String? {
        { key in
            for path in action.referral {
                guard case .object(let members)? = payload.tree[path], let text = members[key]?.text, !text.isEmpty else { continue }
                return text
            }
            return nil
        }
    }

    func monthly(_ amount: Int, _ action: DeclaredAction) throws -> Int? {
        if let period = action.mrrPeriod {
            let (startValue, endValue) = (period.start, period.end)
            guard let start = try startValue.time(payload), let end = try endValue.time(payload) else { return nil }
            guard end > start else { throw PayloadError("\(payload.what): \(endValue.whereLooked) is before \(startValue.whereLooked)") }
            let period = MonthlyRecurringRevenue.interval(spanningDays: start.days(until: end))
            return MonthlyRecurringRevenue.monthly(amount: amount, every: period.count, period.interval)
        }
        guard let intervalValue = action.mrrInterval, let text = try intervalValue.text(payload) else { return nil }
        // "month", or "3 month" from a table.
        let words = text.split(separator: " ")
        var count = try action.mrrCount?.integer(payload) ?? 1
        let unitText: Substring
        switch words.count {
        case 1: unitText = words[0]
        case 2 where Int(words[0]) != nil:
            guard let factor = Int(words[0]), let product = MinorUnits.product(count, factor) else {
                throw PayloadError("\(payload.what): \(intervalValue.key) '\(text)' does not fit")
            }
            count = product
            unitText = words[1]
        default: unitText = ""
        }
        let singular = unitText.hasSuffix("s") ? unitText.dropLast() : unitText
        guard let unit = BillingInterval(rawValue: String(singular)) else {
            throw PayloadError("\(payload.what): \(intervalValue.whereLooked) '\(text.prefix(40))' is not day, week, month or year (\(intervalValue.key))")
        }
        guard count > 0 else { throw PayloadError("\(payload.what): \(intervalValue.key) counts \(count) \(unit.rawValue)s") }
        return MonthlyRecurringRevenue.monthly(amount: amount, every: count, unit)
    }

    func refund(_ action: DeclaredAction) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let currency = try currency(action)
        let amount = try required(action.amount, currency: currency)
        let saleEventID = try action.saleEventID?.text(payload)
        let customerID = try action.customerID?.text(payload)
        let refundAmount: RefundAmount
        var facts: [Fact] = []
        switch action.refundAmount {
        case .refunded: refundAmount = .exact(amount)
        case .taxFree: refundAmount = .taxFree(amount)
        case .cumulative:
            guard let saleEventID else { throw PayloadError("\(payload.what): a cumulative refund needs its sale_event_id") }
            refundAmount = .cumulative(paymentID: saleEventID, total: amount)
            facts = [.refundedTotal(paymentID: saleEventID, total: amount)]
        }
        return Mapping(
            actions: [
                .refund(RefundParameters(
                    email: try action.email?.text(payload), uid: customerID, eventID: eventID, amount: refundAmount,
                    currency: currency, saleEventID: saleEventID,
                    saleReferences: try action.salePaymentID?.text(payload).map { [Self.reference($0)] } ?? [],
                    createdAt: try action.createdAt?.time(payload)?.date,
                    customerID: customerID, what: action.what ?? "refund"))
            ], facts: facts)
    }

    func cancellation(_ action: DeclaredAction) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let customerID = try action.customerID?.text(payload)
        let email = try action.email?.text(payload)
        guard customerID != nil || email != nil else {
            return .ignored("cancellation \(eventID) names no customer or email; FirstPromoter needs one")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: email, uid: customerID, eventID: eventID, createdAt: try action.createdAt?.time(payload)?.date,
                customerID: customerID))
        ])
    }
}
