import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send deliveries again: by id, or every dead letter and dry run.",
        discussion: """
            A running service picks them up within a second. Each replay is added to the delivery's history; \
            nothing that was there is overwritten. A delivered call is sent again only with --force: FirstPromoter \
            dedups sales and refunds on event_id, but not every kind of call. Exits 1 unless every id was requeued.
            """)

    @Argument(help: "Delivery ids to send again.")
    var ids: [Int64] = []

    @Flag(help: "Every dead letter (and dry-run delivery).")
    var dead = false

    @Flag(help: "Send again calls that were delivered too.")
    var force = false

    /// With --dead: only the dead letters of this provider, created in this window.
    @OptionGroup var window: WindowOptions

    func validate() throws {
        guard !ids.isEmpty || dead else { throw ValidationError("name delivery ids, or --dead") }
        guard dead || window.isEmpty else {
            throw ValidationError("--provider, --since and --until choose among dead letters: use them with --dead")
        }
    }

    func run() async throws {
        let operations = try await OperatorStore.operations()
        var refused = 0
        if !ids.isEmpty {
            let results = try await operations.replay(ids: ids, force: force, by: OperatorStore.who) { done, total in
                if total > Operations.progressEvery { FileHandle.standardError.write(Data("replayed \(done) of \(total)\n".utf8)) }
            }
            for result in results {
                switch result {
                case .requeued(let id, let was): print("delivery \(id): requeued (was \(was.rawValue))")
                case .notFound(let id): print("delivery \(id): no such delivery"); refused += 1
                case .refused(let id, let reason): print("delivery \(id): not requeued: \(reason)"); refused += 1
                }
            }
            print("requeued \(results.count - refused) of \(ids.count) deliveries")
        }
        if dead {
            let count = try await operations.replayDead(
                provider: window.provider, since: try window.sinceDate(), until: try window.untilDate(), by: OperatorStore.who)
            print("requeued \(count) dead and dry-run deliveries")
        }
        if refused > 0 { throw ExitCode(1) }
    }
}
