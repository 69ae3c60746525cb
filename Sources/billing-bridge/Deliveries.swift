import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List deliveries: what each event became and how it went.")

    @Option(help: "Only this status: \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
    var status: String?

    @Option(help: "At most this many rows.")
    var limit = 200

    @Flag(help: "JSON lines instead of a table.")
    var json = false

    func run() async throws {
        var filter: DeliveryStatus?
        if let status {
            guard let parsed = DeliveryStatus(rawValue: status) else {
                throw CommandFailure("unknown status '\(status)'; use one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter = parsed
        }
        let store = try BridgeApplication.openExistingStore(try Environment.configuration())
        let rows = try await store.deliveries(status: filter, limit: limit)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            for row in rows { print(String(decoding: try encoder.encode(row), as: UTF8.self)) }
            return
        }
        print(["ID", "STATUS", "CALL", "EVENT", "TRIES", "HTTP", "OUTCOME"].joined(separator: "\t"))
        for row in rows {
            let call = row.call.map { "\($0.endpoint.rawValue) \($0.eventID)" } ?? "-"
            let outcome = [row.heldBy, row.outcome, row.note].compactMap { $0 }.joined(separator: "; ")
            print([
                String(row.id), row.shownStatus, call, "\(row.provider) \(row.eventType) \(row.providerEventID)",
                String(row.attempts), row.lastHTTPStatus.map(String.init) ?? "-", outcome,
            ].joined(separator: "\t"))
        }
        // Events the mapper could not use have no delivery yet: listed here so none goes unseen.
        guard filter == nil else { return }
        let failed = try await store.events(in: .failed, limit: limit)
        guard !failed.isEmpty else { return }
        print("\n\(failed.count) stored event(s) could not be mapped; fix the mapping file or the bridge, then `replay --failed-events`:")
        for event in failed {
            print(["failed", "\(event.provider) \(event.eventType) \(event.eventID)", event.error ?? "-"].joined(separator: "\t"))
        }
    }
}
