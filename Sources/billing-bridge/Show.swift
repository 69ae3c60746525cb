import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find events by any id at hand and tell their whole story: what came in, what it became, every attempt.",
        discussion: """
            The id may be the provider's event id, an invoice, charge, payment, customer or subscription id, or a \
            FirstPromoter event_id. `--row N` shows the event stored at row N.
            """)

    @Argument(help: "Any id: evt_…, in_…, ch_…, pi_…, cus_…, sub_…, a transaction id, a FirstPromoter event_id.")
    var id: String?

    @Option(help: "The event at this row (from `events`).")
    var row: Int64?

    @Flag(help: "Print each event's raw body too.")
    var body = false

    @Flag(help: "JSON instead of text.")
    var json = false

    func validate() throws {
        guard (id == nil) != (row == nil) else { throw ValidationError("give an id, or --row") }
    }

    func run() async throws {
        let operations = try await OperatorStore.operations()
        var stories: [EventStory] = []
        if let row {
            guard let story = try await operations.story(ofEvent: row) else { throw CommandFailure("no event at row \(row)") }
            stories = [story]
        } else if let id {
            stories = try await operations.find(id)
            guard !stories.isEmpty else { throw CommandFailure("no stored event names '\(id)'") }
        }
        if json {
            for story in stories { print(try Shown.json(story)) }
            return
        }
        print(stories.map(text).joined(separator: "\n\n"))
    }

    func text(_ story: EventStory) -> String {
        let event = story.event
        var lines = [
            "event row \(event.row): \(event.provider) \(event.eventType) \(event.eventID)",
            "  received \(Shown.time(event.receivedAt)), \(event.state.rawValue)" + (event.error.map { ": \($0)" } ?? ""),
        ]
        if body { lines.append("  body (\(event.bodyEncoding)):\n" + event.body) }
        if story.deliveries.isEmpty { lines.append("  no delivery yet") }
        for item in story.deliveries {
            let delivery = item.delivery
            let call = delivery.call.map { "\($0.endpoint.rawValue) \($0.eventID) \($0.formBody)" } ?? "no call"
            lines.append("  delivery \(delivery.id): \(delivery.shownStatus): \(call)")
            if let reason = [delivery.heldBy, delivery.outcome, delivery.note].compactMap({ $0 }).first {
                lines.append("    \(reason)")
            }
            for attempt in item.attempts {
                var parts = [Shown.time(attempt.at), attempt.kind.rawValue]
                if let url = attempt.url { parts.append(url) }
                if let status = attempt.httpStatus { parts.append("HTTP \(status)") }
                if let duration = attempt.durationMilliseconds { parts.append("\(duration) ms") }
                parts.append(attempt.outcome)
                lines.append("    " + parts.joined(separator: "  "))
                if let response = attempt.response, !response.isEmpty { lines.append("      answer: \(response)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
