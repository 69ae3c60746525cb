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

    public func parse(_ text: String) throws(MappingFileError) -> MappingRules {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw MappingFileError(file: file, line: nil, key: nil, problem: "not valid YAML: \(error)")
        }
        var rules = schema.defaults
        guard let root, root.null == nil else { return rules }
        let top = try mapping(root, key: nil, allowed: ["events", "amount", "test_mode", "referral", "signups", "holds", "plans"])
        for (key, value) in top {
            switch key {
            case "events": rules.events.merge(try events(value)) { $1 }
            case "amount":
                for (amountKey, amountValue) in try mapping(value, key: "amount", allowed: ["basis", "zero"]) {
                    if amountKey == "basis" {
                        rules.amountBasis = AmountBasis(
                            checkedName: try choice(amountValue, key: "amount.basis", among: schema.amountBases))
                    } else {
                        rules.zeroAmount = try rule(amountValue, key: "amount.zero")
                    }
                }
            case "test_mode": rules.testMode = try rule(value, key: "test_mode")
            case "referral":
                let allowed = ["tid", "ref_id", "uid", "client_reference_id", "promo_code"]
                for (refKey, refValue) in try mapping(value, key: "referral", allowed: allowed) {
                    switch refKey {
                    case "tid": rules.tidKey = try optionalString(refValue, key: "referral.tid")
                    case "ref_id": rules.refIDKey = try optionalString(refValue, key: "referral.ref_id")
                    case "uid": rules.uidKey = try optionalString(refValue, key: "referral.uid")
                    case "client_reference_id":
                        rules.clientReferenceID = try rule(refValue, key: "referral.client_reference_id")
                    default: rules.promoCode = try rule(refValue, key: "referral.promo_code")
                    }
                }
            case "signups": rules.signups = try rule(value, key: "signups")
            case "holds":
                for (holdKey, holdValue) in try mapping(value, key: "holds", allowed: ["payment_seconds", "refund_link_seconds"]) {
                    let seconds = try seconds(holdValue, key: "holds.\(holdKey)")
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
        for (kindName, list) in try mapping(node, key: "events", allowed: ActionKind.routable.map(\.rawValue)) {
            let kind = ActionKind(rawValue: kindName)!
            let supported = schema.supportedEvents[kind] ?? []
            var types: [String] = []
            let items: [Node]
            if list.null != nil {
                items = []
            } else if let sequence = list.sequence {
                items = Array(sequence)
            } else {
                throw error(at: list, key: "events.\(kindName)", "expected a list of event types")
            }
            for item in items {
                guard let type = item.scalar?.string else {
                    throw error(at: item, key: "events.\(kindName)", "expected an event type, found a \(shape(item))")
                }
                guard supported.contains(type) else {
                    throw error(
                        at: item, key: "events.\(kindName)",
                        "'\(type)' cannot become a \(kindName); supported: \(supported.joined(separator: ", "))")
                }
                if let other = events.first(where: { $0.value.contains(type) })?.key {
                    throw error(at: item, key: "events.\(kindName)", "'\(type)' is already listed under \(other.rawValue)")
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
            throw error(at: node, key: "plans", "expected a table of provider price id: FirstPromoter plan id")
        }
        var plans: [String: String] = [:]
        for (key, value) in entries {
            guard let from = key.scalar?.string, let to = value.scalar?.string, !to.isEmpty else {
                throw error(at: value, key: "plans", "each entry must map a price id to a plan id")
            }
            plans[from] = to
        }
        return plans
    }

    private func mapping(_ node: Node, key: String?, allowed: [String]) throws(MappingFileError) -> [(String, Node)] {
        guard let entries = node.mapping else {
            throw error(at: node, key: key, "expected a table of keys, found a \(shape(node))")
        }
        var result: [(String, Node)] = []
        for (keyNode, value) in entries {
            let name = keyNode.scalar?.string ?? ""
            let path = key.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                throw error(at: keyNode, key: path, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
            result.append((name, value))
        }
        return result
    }

    private func rule<Rule: RawRepresentable & CaseIterable>(_ node: Node, key: String) throws(MappingFileError) -> Rule
    where Rule.RawValue == String {
        let raw = try choice(node, key: key, among: Rule.allCases.map(\.rawValue))
        return Rule(rawValue: raw)!
    }

    private func choice(_ node: Node, key: String, among choices: [String]) throws(MappingFileError) -> String {
        guard let value = node.scalar?.string, choices.contains(value) else {
            let found = node.scalar.map { "'\($0.string)'" } ?? "a \(shape(node))"
            throw error(at: node, key: key, "\(found) is not one of: \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// Whole seconds from 0 to a week: longer holds would keep payments from FirstPromoter for days.
    private func seconds(_ node: Node, key: String) throws(MappingFileError) -> Int {
        guard let text = node.scalar?.string, let value = Int(text), (0...604_800).contains(value) else {
            let found = node.scalar.map { "'\($0.string)'" } ?? "a \(shape(node))"
            throw error(at: node, key: key, "\(found) is not a whole number of seconds from 0 to 604800")
        }
        return value
    }

    private func optionalString(_ node: Node, key: String) throws(MappingFileError) -> String? {
        if node.null != nil { return nil }
        guard let value = node.scalar?.string, !value.isEmpty else {
            throw error(at: node, key: key, "expected a metadata key or null")
        }
        return value
    }

    private func shape(_ node: Node) -> String {
        switch node {
        case .scalar: "value"
        case .mapping: "table"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private func error(at node: Node, key: String?, _ problem: String) -> MappingFileError {
        MappingFileError(file: file, line: node.mark?.line, key: key, problem: problem)
    }
}
