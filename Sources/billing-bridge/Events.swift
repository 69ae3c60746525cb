import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored events, newest first, in every state: \(EventState.allCases.map(\.rawValue).joined(separator: ", ")).")

    @Option(help: "Only this state.")
    var state: EventState?

    @Option(help: "Only this event type (e.g. invoice.paid).")
    var type: String?

    @Option(help: "Only events whose id, type or error contains this.")
    var search: String?

    /// Received in this window.
    @OptionGroup var window: WindowOptions

    @Option(help: "At most this many rows.")
    var limit = 100

    @Flag(help: "JSON lines instead of a table.")
    var json = false

    func run() async throws {
        var query = EventQuery(provider: window.provider, state: state, type: type, text: search, limit: limit)
        query.since = try window.sinceDate()
        query.until = try window.untilDate()
        let events = try await OperatorStore.operations().events(query)
        if json {
            for event in events { print(try Shown.json(EventView(event))) }
            return
        }
        var table = Table(header: ["ROW", "RECEIVED", "PROVIDER", "TYPE", "EVENT_ID", "STATE", "NOTE"])
        for event in events {
            table.add([
                String(event.row), Shown.time(event.receivedAt), event.provider.rawValue, event.eventType, event.eventID,
                event.state.rawValue, event.error ?? "",
            ])
        }
        print(table.render())
    }
}
