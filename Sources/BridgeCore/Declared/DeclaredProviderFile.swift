import Yams

/// Reads `mappings/custom/{name}.yaml`, a provider declared in its mapping file alone, strictly:
/// an unknown key, a bad value or a missing part stops the start naming the file, line and key.
/// The rules it shares with built-in providers (`events`, `amount.zero`, `test_mode`, `referral`,
/// `holds`, `plans`) are read by `MappingFile`; this reads `provider`, `sale`, `refund` and
/// `cancellation`. README, "Providers declared in a mapping file" lists every key.
public struct DeclaredProviderFile {
    public static let sections = ["provider", "sale", "refund", "cancellation"]

    /// A file in `mappings/custom/` declares everything; one in `mappings/standard/` (a Standard
    /// Webhooks endpoint) only what the standard leaves open: its signature, dedup on `webhook-id`
    /// and JSON body are fixed, its type and time default to the payload's `type` and `timestamp`.
    public enum Kind: Sendable { case custom, standardWebhooks }

    public let name: String
    public let file: String
    public let kind: Kind
    let yaml: MappingYAML
    /// Set once `provider.body` is read: a form's paths are whole field names.
    private var body: MediaType = .json

    public init(name: String, file: String, kind: Kind = .custom) {
        self.name = name
        self.file = file
        self.kind = kind
        yaml = MappingYAML(file: file)
    }

    /// A provider's name as a file may give it: lower case letters, digits and dashes.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 40, first != UInt8(ascii: "-") else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    public mutating func parse(_ text: String) throws(MappingFileError) -> DeclaredProviderSpec {
        guard Self.isValidName(name) else {
            throw MappingFileError(file: file, line: nil, key: nil, problem: "'\(name)' is not a provider name: use a-z, 0-9 and -")
        }
        let id = ProviderID(rawValue: name)
        guard let root = try yaml.compose(text), root.mapping != nil else {
            throw MappingFileError(file: file, line: nil, key: nil, problem: "a declared provider needs provider:, events: and its calls")
        }
        let top = Dictionary(try yaml.mapping(root, key: nil, allowed: Self.sections + MappingFile.ruleKeys), uniquingKeysWith: { a, _ in a })
        var spec: DeclaredProviderSpec
        switch (top["provider"], kind) {
        case (let node?, _): spec = try provider(node, id: id)
        case (nil, .standardWebhooks): spec = try provider(Node.mapping(Node.Mapping([])), id: id)
        case (nil, .custom): throw yaml.error(at: root, key: "provider", "is missing")
        }
        // The file's own event lists are what its mapping may route.
        var supported: [ActionKind: [String]] = [:]
        if let events = top["events"]?.mapping {
            for (kindNode, list) in events {
                guard let kind = kindNode.scalar.flatMap({ ActionKind(rawValue: $0.string) }) else { continue }
                supported[kind] = list.sequence?.compactMap { $0.scalar?.string } ?? []
            }
        }
        let schema = Self.schema(supportedEvents: supported)
        spec.rules = try MappingFile(file: file, schema: schema).parse(root)
        spec.kind = kind
        for kind in ActionKind.routable {
            let node = top[kind.rawValue]
            let routed = !(spec.rules.events[kind] ?? []).isEmpty
            switch (node, routed) {
            case (let node?, _):
                guard let list = node.sequence else {
                    spec.actions[kind] = [try action(node, kind: kind, routed: [])]
                    break
                }
                // One table per group of types: each names its types, and every routed type has one.
                let routedTypes = spec.rules.events[kind] ?? []
                var tables: [DeclaredAction] = []
                for item in list { tables.append(try action(item, kind: kind, routed: routedTypes)) }
                if let missing = routedTypes.first(where: { type in !tables.contains { $0.types.contains(type) } }) {
                    throw yaml.error(at: node, key: kind.rawValue, "events.\(kind.rawValue) routes \(missing), which no table here names in its types")
                }
                spec.actions[kind] = tables
            case (nil, true):
                throw yaml.error(at: top["events"] ?? root, key: "events.\(kind.rawValue)", "routes events to a \(kind.rawValue), but the file has no \(kind.rawValue): section saying what it is made of")
            case (nil, false): break
            }
        }
        return spec
    }

    static func schema(supportedEvents: [ActionKind: [String]]) -> MappingSchema {
        var schema = MappingSchema(
            supportedEvents: supportedEvents, amountBasis: DeclaredAmountBasis.self,
            defaults: MappingRules(events: [:], amountBasis: AmountBasis(DeclaredAmountBasis.asDeclared)))
        schema.otherKeys = sections
        return schema
    }

    // MARK: provider

    private mutating func provider(_ node: Node, id: ProviderID) throws(MappingFileError) -> DeclaredProviderSpec {
        let fixed = ["body", "signature", "event_id", "batch"]
        let open = ["event_type", "event_time", "test_when"]
        let entries = try yaml.mapping(node, key: "provider", allowed: kind == .custom ? fixed + open : open)
        var table = Dictionary(entries, uniquingKeysWith: { a, _ in a })
        if kind == .standardWebhooks {
            table["signature"] = Node("standard_webhooks")
            table["event_id"] = Node("{header:webhook-id}")
            table["event_type"] = table["event_type"] ?? Node("type")
            table["event_time"] = table["event_time"] ?? Node("timestamp")
        }
        if let bodyNode = table["body"] {
            body = MediaType(rawValue: try yaml.choice(bodyNode, key: "provider.body", among: ["json", "form", "xml"]))!
        }
        guard let signatureNode = table["signature"] else { throw yaml.error(at: node, key: "provider.signature", "is missing: say how webhooks are checked") }
        guard let typeNode = table["event_type"] else { throw yaml.error(at: node, key: "provider.event_type", "is missing: the path of the event's type") }
        guard let idNode = table["event_id"] else { throw yaml.error(at: node, key: "provider.event_id", "is missing: where the event's id is, or how to make one") }
        var batch: String?
        if let batchNode = table["batch"] {
            guard body == .json, let member = batchNode.scalar?.string, !member.isEmpty, !member.contains(".") else {
                throw yaml.error(at: batchNode, key: "provider.batch", "expected the top-level member holding a JSON body's list of events")
            }
            batch = member
        }
        return DeclaredProviderSpec(
            id: id, file: file, body: body, verification: try signature(signatureNode),
            eventType: try value(typeNode, key: "provider.event_type"), eventID: try idRules(idNode),
            eventTime: try table["event_time"].map { node throws(MappingFileError) in try value(node, key: "provider.event_time", optional: true) },
            batch: batch, testWhen: try table["test_when"].map { node throws(MappingFileError) in try conditions(node, key: "provider.test_when") } ?? [],
            actions: [:], rules: Self.schema(supportedEvents: [:]).defaults)
    }

    private func idRules(_ node: Node) throws(MappingFileError) -> [DeclaredProviderSpec.IDRule] {
        let items = node.sequence.map(Array.init) ?? [node]
        var rules: [DeclaredProviderSpec.IDRule] = []
        for item in items {
            var types: [String] = []
            var valueNode = item
            if let entries = item.mapping, entries.keys.contains(where: { $0.scalar?.string == "types" }) {
                var rest: [(Node, Node)] = []
                for (key, value) in entries {
                    if key.scalar?.string == "types" {
                        types = try strings(value, key: "provider.event_id.types")
                    } else {
                        rest.append((key, value))
                    }
                }
                valueNode = Node.mapping(Node.Mapping(rest, item.tag, item.mapping?.style ?? .any, item.mark))
            }
            rules.append(DeclaredProviderSpec.IDRule(types: types, value: try value(valueNode, key: "provider.event_id", optional: true)))
        }
        return rules
    }

    private func signature(_ node: Node) throws(MappingFileError) -> DeclaredVerification {
        let kinds = ["hmac", "signed", "standard_webhooks", "basic", "token"]
        if let scalar = node.scalar?.string {
            switch scalar {
            case "standard_webhooks": return .standardWebhooks
            case "basic": return .basic
            default: throw yaml.error(at: node, key: "provider.signature", "'\(scalar)' is not standard_webhooks or basic; the others are tables: \(kinds.joined(separator: ", "))")
            }
        }
        let entries = try yaml.mapping(node, key: "provider.signature", allowed: kinds)
        guard entries.count == 1, let (kind, settings) = entries.first else {
            throw yaml.error(at: node, key: "provider.signature", "expected exactly one of \(kinds.joined(separator: ", "))")
        }
        let key = "provider.signature.\(kind)"
        switch kind {
        case "standard_webhooks", "basic":
            guard settings.null != nil || settings.mapping?.isEmpty == true else { throw yaml.error(at: settings, key: key, "takes no settings") }
            return kind == "basic" ? .basic : .standardWebhooks
        case "token":
            let table = Dictionary(try yaml.mapping(settings, key: key, allowed: ["header"]), uniquingKeysWith: { a, _ in a })
            return .token(header: try required(table, "header", in: settings, key: key))
        case "hmac":
            let table = Dictionary(try yaml.mapping(settings, key: key, allowed: ["header", "algorithm", "encoding"]), uniquingKeysWith: { a, _ in a })
            let header = try required(table, "header", in: settings, key: key)
            return .bodyHMAC(header: header, signature: try hmac(table, key: key, allowEd25519: false)!)
        default:
            let allowed = [
                "header", "layout", "separator", "timestamp", "signature", "version", "message", "timestamp_unit", "algorithm",
                "encoding", "secret_encoding", "secret_prefix", "tolerance_seconds",
            ]
            let table = Dictionary(try yaml.mapping(settings, key: key, allowed: allowed), uniquingKeysWith: { a, _ in a })
            let header = try required(table, "header", in: settings, key: key)
            let separator = try table["separator"].map { node throws(MappingFileError) -> Character in
                guard let text = node.scalar?.string, text.count == 1, let character = text.first else {
                    throw yaml.error(at: node, key: "\(key).separator", "expected one character")
                }
                return character
            }
            let layoutName = try yaml.choice(
                table["layout"] ?? Node("", .implicit), key: "\(key).layout", among: ["pairs", "timestamp_first", "versioned"])
            let layout: SignedStringVerifier.Layout
            switch layoutName {
            case "pairs":
                layout = .pairs(
                    separator: separator ?? ",", timestampKey: try required(table, "timestamp", in: settings, key: key),
                    signatureKey: try required(table, "signature", in: settings, key: key))
            case "timestamp_first": layout = .timestampFirst(separator: separator ?? ",")
            default:
                layout = .versioned(
                    separator: separator ?? " ", version: try required(table, "version", in: settings, key: key),
                    timestampHeader: try required(table, "timestamp", in: settings, key: key))
            }
            let messageText = try required(table, "message", in: settings, key: key)
            guard let message = Self.signedMessage(messageText) else {
                throw yaml.error(at: table["message"]!, key: "\(key).message", "expected text with {timestamp}, {body} and {header:Name}, and {body} once")
            }
            let unit = try table["timestamp_unit"].map { node throws(MappingFileError) in
                try yaml.choice(node, key: "\(key).timestamp_unit", among: ["seconds", "milliseconds"])
            }
            let secretEncoding = try table["secret_encoding"].map { node throws(MappingFileError) in
                try yaml.choice(node, key: "\(key).secret_encoding", among: ["utf8", "base64"])
            }
            let prefix = try table["secret_prefix"].map { node throws(MappingFileError) in try scalar(node, key: "\(key).secret_prefix") } ?? ""
            return .signedString(DeclaredVerification.SignedString(
                header: header, layout: layout, message: message, millisecondTimestamps: unit == "milliseconds",
                signature: try hmac(table, key: key, allowEd25519: true),
                keyEncoding: secretEncoding == "base64" ? .base64(afterPrefix: prefix) : .utf8, publicKeyPrefix: prefix,
                defaultToleranceSeconds: try table["tolerance_seconds"].map { node throws(MappingFileError) in
                    try yaml.seconds(node, key: "\(key).tolerance_seconds")
                } ?? 300))
        }
    }

    /// The HMAC of `algorithm` and `encoding` (default sha256, hex); nil for ed25519.
    private func hmac(_ table: [String: Node], key: String, allowEd25519: Bool) throws(MappingFileError) -> HMACSignature? {
        let algorithms = ["sha1", "sha256", "sha512"] + (allowEd25519 ? ["ed25519"] : [])
        let algorithm = try table["algorithm"].map { node throws(MappingFileError) in try yaml.choice(node, key: "\(key).algorithm", among: algorithms) } ?? "sha256"
        let encoding = try table["encoding"].map { node throws(MappingFileError) in try yaml.choice(node, key: "\(key).encoding", among: ["hex", "base64"]) } ?? "hex"
        let hash: HMACSignature.Algorithm
        switch algorithm {
        case "sha1": hash = .sha1
        case "sha512": hash = .sha512
        case "ed25519": return nil
        default: hash = .sha256
        }
        return HMACSignature(hash, encoding == "base64" ? .base64 : .hex)
    }

    /// `{header:webhook-id}.{timestamp}.{body}` as the signed string's parts.
    static func signedMessage(_ text: String) -> [SignedStringVerifier.Part]? {
        var parts: [SignedStringVerifier.Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let field = rest[rest.index(after: open)..<close]
            switch field {
            case "timestamp": parts.append(.timestamp)
            case "body": parts.append(.body)
            case _ where field.hasPrefix("header:") && field.count > 7: parts.append(.header(String(field.dropFirst(7))))
            default: return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts.filter { $0 == .body }.count == 1 ? parts : nil
    }

    // MARK: calls

    /// One call's table; `routed` non-empty: one of a list, which names its `types` among them.
    private func action(_ node: Node, kind: ActionKind, routed: [String]) throws(MappingFileError) -> DeclaredAction {
        let section = kind.rawValue
        var allowed = ["event_id", "email", "customer_id", "created_at", "only_if", "requires"] + (routed.isEmpty ? [] : ["types"])
        switch kind {
        case .sale:
            allowed += ["amount", "currency", "currency_decimals", "charged", "plan", "subscription_id", "mrr", "referral", "one_payment"]
        case .refund: allowed += ["amount", "amount_is", "currency", "sale_event_id", "sale_payment_id", "what"]
        default: break
        }
        let table = Dictionary(try yaml.mapping(node, key: section, allowed: allowed), uniquingKeysWith: { a, _ in a })
        if !routed.isEmpty, table["types"] == nil { throw yaml.error(at: node, key: "\(section).types", "is missing: a list of tables names each one's event types") }
        guard let idNode = table["event_id"] else { throw yaml.error(at: node, key: "\(section).event_id", "is missing") }
        var action = DeclaredAction(kind: kind, eventID: try value(idNode, key: "\(section).event_id"))
        if kind != .cancellation {
            guard let amountNode = table["amount"] else { throw yaml.error(at: node, key: "\(section).amount", "is missing") }
            action.amount = try amount(amountNode, key: "\(section).amount")
            if kind == .sale { action.share = try share(of: amountNode, key: "\(section).amount.share") }
        }
        if kind == .sale, table["currency"] == nil { throw yaml.error(at: node, key: "sale.currency", "is missing") }
        if action.amount?.unit == .major, table["currency"] == nil {
            throw yaml.error(at: node, key: "\(section).currency", "is missing: major units need the currency")
        }
        for (name, entry) in table {
            let key = "\(section).\(name)"
            switch name {
            case "event_id", "amount": break
            case "types":
                action.types = try strings(entry, key: key)
                if let stray = action.types.first(where: { !routed.contains($0) }) {
                    throw yaml.error(at: entry, key: key, "'\(stray)' is not in events.\(section)")
                }
            case "requires": action.requires = try strings(entry, key: key).map { text throws(MappingFileError) in try path(text, at: entry, key: key) }
            case "sale_payment_id": action.salePaymentID = try value(entry, key: key, optional: true)
            case "one_payment":
                let one = Dictionary(
                    try yaml.mapping(entry, key: key, allowed: ["reference", "hold_if_present", "hold_for", "claimants"]), uniquingKeysWith: { a, _ in a })
                guard let reference = one["reference"] else { throw yaml.error(at: entry, key: "\(key).reference", "is missing") }
                action.onePayment = DeclaredAction.OnePayment(
                    reference: try value(reference, key: "\(key).reference"),
                    holdIfPresent: try one["hold_if_present"].map { node throws(MappingFileError) in try path(scalar(node, key: "\(key).hold_if_present"), at: node, key: "\(key).hold_if_present") },
                    holdFor: try one["hold_for"].map { node throws(MappingFileError) in try strings(node, key: "\(key).hold_for") } ?? [],
                    claimants: try one["claimants"].map { node throws(MappingFileError) in try value(node, key: "\(key).claimants", optional: true) })
            case "email": action.email = try value(entry, key: key, optional: true)
            case "customer_id": action.customerID = try value(entry, key: key, optional: true)
            case "created_at": action.createdAt = try value(entry, key: key, optional: true)
            case "only_if": action.onlyIf = try conditions(entry, key: key)
            case "currency": action.currency = try value(entry, key: key)
            case "currency_decimals":
                action.currencyDecimals = try strings(entry, key: key).map { text throws(MappingFileError) in
                    guard let number = Int(text), (0...4).contains(number) else { throw yaml.error(at: entry, key: key, "expected numbers of decimals, 0 to 4") }
                    return number
                }
            case "charged": action.charged = try amount(entry, key: key)
            case "plan": action.plan = try value(entry, key: key, optional: true)
            case "subscription_id": action.subscriptionID = try value(entry, key: key, optional: true)
            case "sale_event_id": action.saleEventID = try value(entry, key: key, optional: true)
            case "referral": action.referral = try strings(entry, key: key).map { text throws(MappingFileError) in try path(text, at: entry, key: key) }
            case "what": action.what = try scalar(entry, key: key)
            case "amount_is": action.refundAmount = try yaml.rule(entry, key: key)
            default:
                let mrr = Dictionary(try yaml.mapping(entry, key: key, allowed: ["interval", "count", "period"]), uniquingKeysWith: { a, _ in a })
                if let period = mrr["period"] {
                    let ends = Dictionary(try yaml.mapping(period, key: "\(key).period", allowed: ["start", "end"]), uniquingKeysWith: { a, _ in a })
                    guard let start = ends["start"], let end = ends["end"] else {
                        throw yaml.error(at: period, key: "\(key).period", "needs start and end")
                    }
                    action.mrrPeriod = DeclaredAction.Period(
                        start: try value(start, key: "\(key).period.start", optional: true), end: try value(end, key: "\(key).period.end", optional: true))
                    continue
                }
                guard let interval = mrr["interval"] else { throw yaml.error(at: entry, key: "\(key).interval", "is missing") }
                action.mrrInterval = try value(interval, key: "\(key).interval", optional: true)
                action.mrrCount = try mrr["count"].map { node throws(MappingFileError) in try value(node, key: "\(key).count", optional: true) }
            }
        }
        return action
    }

    /// `amount.share: {if_present, total, less}`.
    private func share(of amountNode: Node, key: String) throws(MappingFileError) -> DeclaredAction.Share? {
        guard let node = amountNode.mapping?.first(where: { $0.key.scalar?.string == "share" })?.value else { return nil }
        let table = Dictionary(try yaml.mapping(node, key: key, allowed: ["if_present", "total", "less"]), uniquingKeysWith: { a, _ in a })
        guard let present = table["if_present"], let total = table["total"] else { throw yaml.error(at: node, key: key, "needs if_present and total") }
        var less: [DeclaredValue] = []
        for item in table["less"].map({ $0.sequence.map(Array.init) ?? [$0] }) ?? [] { less.append(try value(item, key: "\(key).less")) }
        return DeclaredAction.Share(
            ifPresent: try path(scalar(present, key: "\(key).if_present"), at: present, key: "\(key).if_present"),
            total: try value(total, key: "\(key).total"), less: less)
    }

    private func amount(_ node: Node, key: String) throws(MappingFileError) -> DeclaredAmount {
        var unit = DeclaredAmount.Unit.minor
        var minus: [DeclaredValue] = []
        var rest: [(Node, Node)] = []
        for (keyNode, entry) in node.mapping ?? Node.Mapping([]) {
            switch keyNode.scalar?.string {
            case "unit": unit = try yaml.rule(entry, key: "\(key).unit")
            case "share": continue  // read by shareOf
            case "minus":
                for item in entry.sequence.map(Array.init) ?? [entry] { minus.append(try value(item, key: "\(key).minus")) }
            default: rest.append((keyNode, entry))
            }
        }
        let valueNode = node.mapping == nil ? node : Node.mapping(Node.Mapping(rest, node.tag, node.mapping?.style ?? .any, node.mark))
        return DeclaredAmount(value: try value(valueNode, key: key), unit: unit, minus: minus)
    }

    // MARK: values

    /// A value: a path (or a template, when it has braces), a list of them (the first present
    /// wins), or a table: `{path | template | header | value | first_of, optional, table, case}`.
    private func value(_ node: Node, key: String, optional: Bool = false) throws(MappingFileError) -> DeclaredValue {
        if node.scalar != nil || node.sequence != nil {
            return DeclaredValue(key: key, sources: try sources(node, key: key), optional: optional)
        }
        let allowed = ["path", "template", "header", "value", "first_of", "optional", "table", "case"]
        let entries = try yaml.mapping(node, key: key, allowed: allowed)
        var result = DeclaredValue(key: key, sources: [], optional: optional)
        for (name, entry) in entries {
            switch name {
            case "path", "first_of": result.sources += try sources(entry, key: "\(key).\(name)")
            case "template": result.sources.append(.template(try template(scalar(entry, key: "\(key).template"), at: entry, key: key)))
            case "header": result.sources.append(.header(try scalar(entry, key: "\(key).header")))
            case "value": result.sources.append(.fixed(try scalar(entry, key: "\(key).value")))
            case "optional":
                guard let flag = entry.scalar?.string, flag == "true" || flag == "false" else {
                    throw yaml.error(at: entry, key: "\(key).optional", "expected true or false")
                }
                result.optional = flag == "true"
            case "case": result.letterCase = try yaml.rule(entry, key: "\(key).case")
            default:
                guard let pairs = entry.mapping else { throw yaml.error(at: entry, key: "\(key).table", "expected a table of payload value: value") }
                var table: [String: String?] = [:]
                for (from, to) in pairs {
                    guard let fromText = from.scalar?.string else { throw yaml.error(at: from, key: "\(key).table", "expected a value") }
                    table[fromText] = to.null != nil ? .some(nil) : .some(try scalar(to, key: "\(key).table.\(fromText)"))
                }
                result.table = table
            }
        }
        guard !result.sources.isEmpty else { throw yaml.error(at: node, key: key, "says where the value is with path, template, header, value or first_of") }
        return result
    }

    private func sources(_ node: Node, key: String) throws(MappingFileError) -> [DeclaredValue.Source] {
        let items = node.sequence.map(Array.init) ?? [node]
        guard !items.isEmpty else { throw yaml.error(at: node, key: key, "is an empty list") }
        var sources: [DeclaredValue.Source] = []
        for item in items {
            if let entries = item.mapping {
                let inner = try value(Node.mapping(entries), key: key, optional: true)
                guard inner.table == nil, inner.letterCase == nil else { throw yaml.error(at: item, key: key, "a source in a list takes only path, template, header or value") }
                sources += inner.sources
                continue
            }
            let text = try scalar(item, key: key)
            sources.append(text.contains("{") ? .template(try template(text, at: item, key: key)) : .path(try path(text, at: item, key: key)))
        }
        return sources
    }

    private func template(_ text: String, at node: Node, key: String) throws(MappingFileError) -> DeclaredTemplate {
        switch DeclaredTemplate.parse(text, path: { pathParser($0) }) {
        case .success(let template): return template
        case .failure(let problem): throw yaml.error(at: node, key: key, "template '\(text)': \(problem.problem)")
        }
    }

    private func pathParser(_ text: String) -> PayloadPath? {
        body == .form ? PayloadPath(field: text) : PayloadPath(text)
    }

    private func path(_ text: String, at node: Node, key: String) throws(MappingFileError) -> PayloadPath {
        guard let path = pathParser(text) else { throw yaml.error(at: node, key: key, "'\(text)' is not a path (keys between dots, [n] for a list's item)") }
        return path
    }

    private func conditions(_ node: Node, key: String) throws(MappingFileError) -> [DeclaredCondition] {
        guard let entries = node.mapping else { throw yaml.error(at: node, key: key, "expected a table of path: [values] (null: absent)") }
        var conditions: [DeclaredCondition] = []
        for (pathNode, values) in entries {
            let text = try scalar(pathNode, key: key)
            let items = values.sequence.map(Array.init) ?? [values]
            var allowed: [String?] = []
            for item in items {
                if item.null != nil { allowed.append(nil) } else { allowed.append(try scalar(item, key: "\(key).\(text)")) }
            }
            conditions.append(DeclaredCondition(path: try path(text, at: pathNode, key: key), values: allowed))
        }
        return conditions
    }

    private func strings(_ node: Node, key: String) throws(MappingFileError) -> [String] {
        var out: [String] = []
        for item in node.sequence.map(Array.init) ?? [node] { out.append(try scalar(item, key: key)) }
        return out
    }

    private func scalar(_ node: Node, key: String) throws(MappingFileError) -> String {
        guard let text = node.scalar?.string, !text.isEmpty, node.null == nil else {
            throw yaml.error(at: node, key: key, "expected a value, found a \(yaml.shape(node))")
        }
        return text
    }

    private func required(_ table: [String: Node], _ name: String, in node: Node, key: String) throws(MappingFileError) -> String {
        guard let entry = table[name] else { throw yaml.error(at: node, key: "\(key).\(name)", "is missing") }
        return try scalar(entry, key: "\(key).\(name)")
    }
}
