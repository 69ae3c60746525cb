import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Summary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts by provider, action and state; the oldest pending call; the last success and failure.")

    @Flag(help: "JSON instead of text.")
    var json = false

    func run() async throws {
        let summary = try await OperatorStore.operations().summary()
        if json {
            print(try Shown.json(summary))
            return
        }
        let events = summary.events.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("events: " + (events.isEmpty ? "none" : events))
        var table = Table(header: ["PROVIDER", "ACTION", "STATUS", "COUNT"])
        for count in summary.deliveries { table.add([count.provider, count.action, count.status, String(count.count)]) }
        print(table.render())
        let age = summary.oldestPendingSince.map { "since \(Shown.time($0)) (\(Int(Date().timeIntervalSince($0))) s)" } ?? "none"
        print("oldest pending call: \(age); held: \(summary.held)")
        print("last delivered: " + (summary.lastDeliveredAt.map(Shown.time) ?? "never"))
        print("last failure: " + (summary.lastFailureAt.map { "\(Shown.time($0)): \(summary.lastFailure ?? "")" } ?? "none"))
    }
}
