import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Requeue deliveries: by id, or every dead letter and dry run; or re-map failed events.",
        discussion: "A running service picks them up within a second. FirstPromoter answers 409 to an event_id it already has, so a replay never counts twice.")

    @Argument(help: "Delivery ids to send again.")
    var ids: [Int64] = []

    @Flag(help: "Every dead letter (and dry-run delivery).")
    var dead = false

    @Flag(help: "Every event whose mapping failed, after a fix to the mapping file.")
    var failedEvents = false

    func validate() throws {
        guard !ids.isEmpty || dead || failedEvents else {
            throw ValidationError("name delivery ids, or --dead, or --failed-events")
        }
    }

    func run() async throws {
        let store = try BridgeApplication.openExistingStore(try Environment.configuration())
        if !ids.isEmpty {
            let count = try await store.requeue(ids: ids, at: Date())
            print("requeued \(count) of \(ids.count) deliveries")
        }
        if dead { print("requeued \(try await store.requeueDead(at: Date())) dead and dry-run deliveries") }
        if failedEvents { print("requeued \(try await store.requeueFailedEvents()) failed events for mapping") }
    }
}
