import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Map: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print, as JSON, the FirstPromoter calls a payload maps to under the current mapping file.",
        discussion: """
            Neither verifies nor sends. The bridge's memory (earlier events) is not consulted: a refund
            that needs it shows how it would be resolved.
            """)

    @Argument(help: "The provider: \(ProviderRegistry.all.map(\.id.rawValue).joined(separator: ", ")).")
    var provider: String

    @Argument(help: "A webhook body, as the provider sends it (- for standard input).")
    var file: String

    func run() async throws {
        guard let definition = ProviderRegistry.definition(for: ProviderID(rawValue: provider)) else {
            throw CommandFailure("unknown provider '\(provider)'")
        }
        let rules = try MappingRulesLoader.load(definition, from: try Environment.configuration().mappingsDirectory)
        let body: [UInt8]
        if file == "-" {
            body = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            body = Array(data)
        }
        let envelope = try definition.mapper.envelope(of: body)
        let mapping = try definition.mapper.map(body, rules: rules)
        let planned = try await ActionResolver.resolve(mapping.actions, memory: InMemoryBridgeMemory())
        let output = MapOutput(event: envelope, mapping: mapping, planned: planned)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
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
    var calls: [Call]
    var records: [String]

    init(event: EventEnvelope, mapping: Mapping, planned: [PlannedDelivery]) {
        self.event = ["id": event.id, "type": event.type]
        calls = planned.map { delivery in
            switch delivery {
            case .call(let call):
                Call(
                    path: call.path, parameters: Dictionary(call.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    body: call.formBody, note: call.note)
            case .ignored(let reason):
                Call(method: nil, ignored: reason)
            }
        }
        records = mapping.facts.map { fact in
            switch fact {
            case .salePaidBy(let reference, let sale): "\(reference) paid sale \(sale)"
            case .subscriptionMRR(let id, let mrr, _): "subscription \(id) MRR \(mrr)"
            case .refundedTotal(let payment, let total): "\(payment) refunded \(total) in all"
            }
        }
    }
}
