import Yams

/// Reads a `mappings/{provider}.yaml` text into `MappingRules`, strictly: an unknown key or a bad
/// value is an error naming the file, line and key, never a silent default.
///
/// ```yaml
/// events: {sale: [invoice.paid], refund: [charge.refunded], cancellation: [customer.subscription.deleted]}
/// amount: {basis: paid_excluding_tax, zero: ignore}
/// test_mode: ignore
/// referral: {tid: fp_tid, ref_id: fp_ref_id, uid: fp_uid, client_reference_id: tid, promo_code: coupon_id}
/// signups: send
/// holds: {payment_seconds: 30, refund_link_seconds: 900}
/// plans: {price_123: gold-monthly}
/// ```
public struct MappingFile {
    public let file: String
    public let schema: MappingSchema

    public init(file: String, schema: MappingSchema) {
        self.file = file
        self.schema = schema
    }

    /// Top-level keys read by another part (a declared provider's `provider`, `sale` …), skipped here.
    var otherKeys: [String] { schema.otherKeys }

    var yaml: MappingYAML { MappingYAML(file: file) }

    /// The keys a file's rules may have.
    static let ruleKeys = ["events", "amount", "test_mode", "referral", "signups", "holds", "plans"]

    public func parse(_ text: String) throws(MappingFileError) -> MappingRules {
        try parse(try yaml.compose(text))
    }

    func parse(_ root: Node?) throws(MappingFileError) -> MappingRules {
        var rules = schema.defaults
        guard let root, root.null == nil else { return rules }
        let top = try yaml.mapping(root, key: nil, allowed: Self.ruleKeys + otherKeys)
        for (key, value) in top {
            switch key {
            case _ where otherKeys.contains(key): continue
            case "events": rules.events.merge(try events(value)) { $1 }
            case "amount":
                for (amountKey, amountValue) in try yaml.mapping(value, key: "amount", allowed: ["basis", "zero"]) {
                    if amountKey == "basis" {
                        rules.amountBasis = AmountBasis(
                            checkedName: try yaml.choice(amountValue, key: "amount.basis", among: schema.amountBases))
                    } else {
                        rules.zeroAmount = try yaml.rule(amountValue, key: "amount.zero")
                    }
                }
            case "test_mode": rules.testMode = try yaml.rule(value, key: "test_mode")
            case "referral":
                let allowed = ["tid", "ref_id", "uid", "client_reference_id", "promo_code"]
                for (refKey, refValue) in try yaml.mapping(value, key: "referral", allowed: allowed) {
                    switch refKey {
                    case "tid": rules.tidKey = try yaml.optionalString(refValue, key: "referral.tid")
                    case "ref_id": rules.refIDKey = try yaml.optionalString(refValue, key: "referral.ref_id")
                    case "uid": rules.uidKey = try yaml.optionalString(refValue, key: "referral.uid")
                    case "client_reference_id":
                        rules.clientReferenceID = try yaml.rule(refValue, key: "referral.client_reference_id")
                    default: rules.promoCode = try yaml.rule(refValue, key: "referral.promo_code")
                    }
                }
            case "signups": rules.signups = try yaml.rule(value, key: "signups")
            case "holds":
                for (holdKey, holdValue) in try yaml.mapping(value, key: "holds", allowed: ["payment_seconds", "refund_link_seconds"]) {
                    let seconds = try yaml.seconds(holdValue, key: "holds.\(holdKey)")
                    if holdKey == "payment_seconds" {
                        rules.holds.paymentSeconds = seconds
                    } else {
                        rules.holds.refundLinkSeconds = seconds
                    }
                }
            default: rules.plans = try plans(value)
            }
        }
        return rules
    }

    private func events(_ node: Node) throws(MappingFileError) -> [ActionKind: [String]] {
        var events: [ActionKind: [String]] = [:]
        for (kindName, list) in try yaml.mapping(node, key: "events", allowed: ActionKind.routable.map(\.rawValue)) {
            let kind = ActionKind(rawValue: kindName)!
            let supported = schema.supportedEvents[kind] ?? []
            var types: [String] = []
            let items: [Node]
            if list.null != nil {
                items = []
            } else if let sequence = list.sequence {
                items = Array(sequence)
            } else {
                throw yaml.error(at: list, key: "events.\(kindName)", "expected a list of event types")
            }
            for item in items {
                guard let type = item.scalar?.string else {
                    throw yaml.error(at: item, key: "events.\(kindName)", "expected an event type, found a \(yaml.shape(item))")
                }
                guard supported.contains(type) else {
                    throw yaml.error(
                        at: item, key: "events.\(kindName)",
                        "'\(type)' cannot become a \(kindName); supported: \(supported.joined(separator: ", "))")
                }
                if let other = events.first(where: { $0.value.contains(type) })?.key {
                    throw yaml.error(at: item, key: "events.\(kindName)", "'\(type)' is already listed under \(other.rawValue)")
                }
                types.append(type)
            }
            events[kind] = types
        }
        return events
    }

    private func plans(_ node: Node) throws(MappingFileError) -> [String: String] {
        if node.null != nil { return [:] }
        guard let entries = node.mapping else {
            throw yaml.error(at: node, key: "plans", "expected a table of provider price id: FirstPromoter plan id")
        }
        var plans: [String: String] = [:]
        for (key, value) in entries {
            guard let from = key.scalar?.string, let to = value.scalar?.string, !to.isEmpty else {
                throw yaml.error(at: value, key: "plans", "each entry must map a price id to a plan id")
            }
            plans[from] = to
        }
        return plans
    }
}
