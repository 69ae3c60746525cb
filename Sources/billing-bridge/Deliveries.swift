import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List deliveries, newest first: what each event became and how it went.")

    @Option(help: "Only this status.")
    var status: DeliveryStatus?

    @Option(help: "Only this action.")
    var action: ActionKind?

    @Option(name: .customLong("event-id"), help: "Only the call with this FirstPromoter event_id.")
    var eventID: String?

    /// Created in this window.
    @OptionGroup var window: WindowOptions

    @Option(help: "At most this many rows.")
    var limit = 200

    @Flag(help: "JSON lines instead of a table.")
    var json = false

    func run() async throws {
        var query = DeliveryQuery(limit: limit)
        query.status = status
        query.endpoint = action
        query.provider = window.provider
        query.firstPromoterEventID = eventID
        query.since = try window.sinceDate()
        query.until = try window.untilDate()
        let operations = try await OperatorStore.operations()
        let rows = try await operations.deliveries(query)
        if json {
            for row in rows { print(try Shown.json(row)) }
            return
        }
        var table = Table(header: ["ID", "CREATED", "STATUS", "ACTION", "EVENT_ID", "AMOUNT", "CUR", "TRIES", "HTTP", "EVENT", "OUTCOME"])
        for row in rows {
            let outcome = [row.heldBy, row.outcome, row.note].compactMap { $0 }.joined(separator: "; ")
            table.add([
                String(row.id), Shown.time(row.createdAt), row.shownStatus, row.call?.endpoint.rawValue ?? "-",
                row.call?.eventID ?? "-", row.call?.value(of: "amount") ?? "-", row.call?.value(of: "currency") ?? "-",
                String(row.attempts), row.lastHTTPStatus.map(String.init) ?? "-",
                "\(row.provider) \(row.eventType) \(row.providerEventID)", outcome,
            ])
        }
        print(table.render())
        // Events the mapper could not use have no delivery yet: listed here so none goes unseen.
        guard query == DeliveryQuery(limit: limit) else { return }
        let failed = try await operations.events(EventQuery(state: .failed, limit: limit))
        guard !failed.isEmpty else { return }
        print("\n\(failed.count) stored event(s) could not be mapped; fix the mapping file or the bridge, then `remap --failed`:")
        var events = Table(header: ["ROW", "RECEIVED", "EVENT", "ERROR"])
        for event in failed {
            events.add([String(event.row), Shown.time(event.receivedAt), "\(event.provider) \(event.eventType) \(event.eventID)", event.error ?? "-"])
        }
        print(events.render())
    }
}
