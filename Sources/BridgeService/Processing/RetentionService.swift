import BridgeCore
import Foundation
import Logging
import ServiceLifecycle

/// Forgets what is settled once it is `days` old (`RetentionRule`): a batch at a time, with a
/// pause between batches so that webhooks never wait long for the writer; then again an hour
/// later. Keeps the store the size of its retention period, not of its whole history.
struct RetentionService: Service {
    let store: any Retention
    let days: Int
    let logger: Logger
    var every: Duration = .seconds(3600)
    /// The first pass, soon after start rather than at once: start-up has other work.
    var firstAfter: Duration = .seconds(60)
    var pauseBetweenBatches: Duration = .milliseconds(50)

    /// Runs only with `days` > 0: a service that returns would end the application.
    func run() async throws {
        var wait = firstAfter
        while !Task.isShuttingDownGracefully {
            let pause = wait
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                return
            }
            wait = every
            do {
                try await pruneAll()
            } catch is CancellationError {
                return
            } catch {
                logger.error("could not prune settled events; trying again later", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Every batch due now; returns how many events went.
    @discardableResult
    func pruneAll(now: Date = Date()) async throws -> Int {
        guard let cutoff = RetentionRule.cutoff(now: now, days: days) else { return 0 }
        var total = 0
        while !Task.isShuttingDownGracefully {
            let pruned = try await store.pruneSettled(receivedBefore: cutoff, limit: RetentionRule.batchSize)
            total += pruned
            guard pruned == RetentionRule.batchSize else { break }
            try await Task.sleep(for: pauseBetweenBatches)
        }
        if total > 0 {
            logger.info(
                "pruned settled events", metadata: ["events": "\(total)", "received.before": "\(cutoff.ISO8601Format())", "days": "\(days)"])
        }
        return total
    }
}
