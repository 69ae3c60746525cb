import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Map: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print, as JSON, the FirstPromoter calls a payload maps to under the current mapping file.",
        discussion: """
            Neither verifies nor sends. The bridge's memory (earlier events) is not consulted: a refund
            that needs it shows how it would be resolved. A JSON body, an XML one (starting with '<') and
            a form body (Braintree's) are told apart by their first character. Events that only name
            an object (Recurly's JSON) fetch it from the provider's API when its key is set.
            """)

    @Argument(help: "The provider: \(ProviderRegistry.all.map(\.id.rawValue).joined(separator: ", ")), or one declared in mappings/custom/.")
    var provider: String

    @Argument(help: "A webhook body, as the provider sends it (- for standard input).")
    var file: String

    @Option(name: .customLong("header"), help: "A request header, as 'Name: value' (Razorpay's x-razorpay-event-id); repeatable.")
    var headers: [String] = []

    func run() async throws {
        let configuration = try Environment.configuration()
        guard let definition = configuration.definition(for: ProviderID(rawValue: provider)) else {
            throw CommandFailure("unknown provider '\(provider)'; use one of \(configuration.definitions.map(\.id.rawValue).joined(separator: ", "))")
        }
        let rules = try MappingRulesLoader.load(definition, from: configuration.mappingsDirectory).rules
        let body: [UInt8]
        if file == "-" {
            body = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            body = Array(data)
        }
        // With the credentials set, if any, for the provider's API; `map` never verifies.
        let provider = definition.make(configuration.credentials[definition.id] ?? ProviderCredentials())
        var fields = ["Content-Type": Self.contentType(of: body).description]
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else { throw CommandFailure("--header '\(header)' is not 'Name: value'") }
            fields[String(header[..<colon]).trimmingCharacters(in: .whitespaces)] =
                String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let headers = WebhookHeaders(fields)
        let envelopes: [EventEnvelope]
        do {
            envelopes = try provider.envelopes(body: body, headers: headers)
            guard !envelopes.isEmpty else { throw CommandFailure("\(file) holds no \(definition.id) event") }
        } catch let error as PayloadError where "\(error)".contains(" header") {
            throw CommandFailure("\(error) (pass it with --header 'Name: value')")
        }
        var outputs: [MapOutput] = []
        for envelope in envelopes {
            outputs.append(try await output(of: envelope, body: envelope.body ?? body, headers: headers, provider: provider, rules: rules))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A batch (FastSpring's) is a list, one entry per event.
        let json = outputs.count == 1 ? try encoder.encode(outputs[0]) : try encoder.encode(outputs)
        print(String(decoding: json, as: UTF8.self))
    }

    /// One event as the live bridge would map it.
    func output(of envelope: EventEnvelope, body: [UInt8], headers: WebhookHeaders, provider: any Provider, rules: MappingRules) async throws
        -> MapOutput
    {
        var event = ProviderEvent(body: body, headers: headers)
        if let failure = try await ProviderAPIClient().fetchLookups(into: &event, for: provider, rules: rules) {
            // The live bridge would hold the event and ask again. An optional API only adds to
            // the mapping, so `map` shows it without; a required one leaves nothing to show.
            guard provider.api?.optional == true else { throw CommandFailure(failure) }
            FileHandle.standardError.write(Data("warning: \(failure); shown without it (the bridge would hold the event and ask again)\n".utf8))
        }
        for (_, refusal) in event.unavailable.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(Data("warning: mapped without it: \(refusal)\n".utf8))
        }
        let mapping = try provider.map(event, rules: rules)
        // First as the live bridge sees it on arrival (it may hold the event), then as if every
        // hold had run out: the calls it would make with nothing else remembered.
        let arrival = Date()
        let atArrival = try await ActionResolver(
            memory: InMemoryBridgeMemory(), clock: ResolutionClock(receivedAt: arrival, now: arrival), holds: rules.holds
        ).resolve(mapping)
        guard case .decided(let planned, let facts) = try await ActionResolver.standalone(mapping, receivedAt: arrival, holds: rules.holds)
        else { throw CommandFailure("the mapping still waits after every hold ran out") }
        var held: String?
        if case .waiting(let reason, let until, _) = atArrival {
            held = "\(reason); at most \(Int(until.timeIntervalSince(arrival))) s, then as below"
        }
        return MapOutput(event: envelope, held: held, facts: facts, planned: planned)
    }
}

extension Map {
    /// What a provider would have sent the body as: XML, a form, or JSON.
    static func contentType(of body: [UInt8]) -> MediaType {
        switch body.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) {
        case UInt8(ascii: "<"): .xml
        case UInt8(ascii: "{"), UInt8(ascii: "["): .json
        default: body.isEmpty ? .json : .form
        }
    }
}

/// What `map` prints: the event, each call as method, path and parameters, and what it records.
struct MapOutput: Encodable {
    struct Call: Encodable {
        var method: String? = "POST"
        var path: String?
        var parameters: [String: String]?
        var body: String?
        var note: String?
        var ignored: String?
    }

    var event: [String: String]
    var held: String?
    var calls: [Call]
    var records: [String]

    init(event: EventEnvelope, held: String?, facts: [Fact], planned: [PlannedDelivery]) {
        self.event = ["id": event.id, "type": event.type]
        self.held = held
        calls = planned.map { delivery in
            switch delivery {
            case .call(let call):
                Call(
                    path: call.path, parameters: Dictionary(call.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    body: call.formBody, note: [call.note, call.after.map { "sent only once \($0) is settled, if that call is queued" }].compactMap { $0 }
                        .joined(separator: "; "))
            case .ignored(let reason):
                Call(method: nil, ignored: reason)
            }
        }
        records = facts.map { fact in
            switch fact {
            case .salePaidBy(let reference, let sale): "\(reference) paid sale \(sale)"
            case .saleRecorded(let sale): "sale \(sale.eventID): \(sale.amount) sent of \(sale.charged ?? sale.amount) charged"
            case .subscriptionMRR(let id, let mrr, _): "subscription \(id) MRR \(mrr)"
            case .refundedTotal(let payment, let total): "\(payment) refunded \(total) in all"
            case .saleClawback(let sale, let clawback): "sale \(sale): \(clawback.sent) clawed back of \(clawback.charged) charged"
            case .refundQueued(let id): "refund \(id) queued"
            case .invoiceCharged(let charge):
                "invoice \(charge.invoiceID ?? "?") charged \(charge.customerID) \(charge.amount) \(charge.currency)"
            case .customer(let id, let record):
                "customer \(id): " + [("tid", record.tid), ("ref_id", record.refID), ("uid", record.uid), ("email", record.email)]
                    .compactMap { name, value in value.map { "\(name) \($0)" } }.joined(separator: ", ")
            }
        }
    }
}
