import BridgeCore
import Foundation
import Logging
import ServiceLifecycle

/// Drains the outbox: sends each due delivery, paced under FirstPromoter's rate limit, and files
/// the answer as the reference classifies it. Without an API key it runs dry: logs the exact
/// call and marks the delivery `dry_run`.
struct ForwarderService: Service {
    let store: any BridgeStore
    let api: (any FirstPromoterAPI)?
    let settings: BridgeConfiguration.ForwardingSettings
    let outbox: Doorbell
    let logger: Logger
    var idlePoll: Duration = .seconds(1)

    func run() async throws {
        let pacer = Pacer(budget: store, requestsPerMinute: settings.requestsPerMinute)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var sent = 0
            do {
                sent = try await forwardDue(pacer: pacer)
            } catch is CancellationError {
                return
            } catch {
                logger.error("store unavailable while forwarding; will retry", metadata: ["error": "\(error)"])
            }
            if sent == 0 { await outbox.wait(upTo: await idleWait()) }
        }
    }

    private func idleWait() async -> Duration {
        let due: Date?
        do {
            due = try await store.nextDueDate()
        } catch {
            logger.error("store unavailable while looking for the next due delivery; polling", metadata: ["error": "\(error)"])
            return idlePoll
        }
        guard let due else { return idlePoll }
        let millis = Int64(due.timeIntervalSinceNow * 1000)
        return .milliseconds(min(max(millis, 1), Int64(idlePoll.components.seconds * 1000)))
    }

    /// Sends one batch of due deliveries; returns how many it handled.
    func forwardDue(pacer: Pacer) async throws -> Int {
        let due = try await store.dueDeliveries(at: Date(), limit: 50)
        for delivery in due {
            // The in-flight call finishes at shutdown; the next one waits for the next start.
            if Task.isShuttingDownGracefully { break }
            try await forward(delivery, pacer: pacer)
        }
        return due.count
    }

    func forward(_ delivery: Delivery, pacer: Pacer) async throws {
        guard let call = delivery.call else {
            try await store.update(delivery: delivery.id, .dead(httpStatus: nil, reason: "outbox row has no readable call", response: nil), at: Date())
            return
        }
        var metadata: Logger.Metadata = [
            "delivery": "\(delivery.id)", "call": "\(call.endpoint.rawValue) \(call.eventID)",
            "event.id": "\(delivery.providerEventID)",
        ]
        guard let api else {
            metadata["body"] = "\(call.formBody)"
            logger.notice("dry run: would POST \(call.path)", metadata: metadata)
            try await store.update(delivery: delivery.id, .dryRun, at: Date())
            return
        }
        // A wait for the pacer ends at shutdown; the delivery stays due for the next start.
        try await cancelWhenGracefulShutdown { try await pacer.waitForSlot() }
        let attempt = delivery.attempts + 1
        let answer: FirstPromoterAnswer
        do {
            answer = try await api.send(call)
        } catch {
            try await retryOrGiveUp(
                delivery, attempt: attempt, status: nil, reason: "no answer: \(error)", response: nil, retryAfter: nil,
                metadata: metadata)
            return
        }
        metadata["http.status"] = "\(answer.status)"
        switch AnswerClassification.classify(status: answer.status, endpoint: call.endpoint) {
        case .delivered(let outcome):
            metadata["outcome"] = "\(outcome.rawValue)"
            logger.info("delivered", metadata: metadata)
            try await store.update(delivery: delivery.id, .delivered(outcome, httpStatus: answer.status, response: answer.body), at: Date())
        case .retry(let reason):
            let retryAfter = RetryAfter.seconds(from: answer.retryAfter, now: Date())
            let delay = try await retryOrGiveUp(
                delivery, attempt: attempt, status: answer.status, reason: reason, response: answer.body,
                retryAfter: retryAfter, metadata: metadata)
            // Rate limited: every call waits, not just this one, but no longer than FirstPromoter's
            // one-minute window needs, whatever Retry-After asked of this delivery.
            if answer.status == 429, let delay { try await pacer.holdOff(for: .milliseconds(min(delay, 60_000))) }
        case .dead(var reason):
            if let location = answer.location { reason += "; Location: \(location)" }
            metadata["response"] = "\(answer.body)"
            logger.error("dead letter: FirstPromoter refused the call; fix and replay", metadata: metadata)
            try await store.update(delivery: delivery.id, .dead(httpStatus: answer.status, reason: reason, response: answer.body), at: Date())
        }
    }

    /// Schedules the next attempt and returns its delay in milliseconds, or files a dead letter
    /// after the last attempt and returns nil.
    @discardableResult
    private func retryOrGiveUp(
        _ delivery: Delivery, attempt: Int, status: Int?, reason: String, response: String?, retryAfter: Int?,
        metadata: Logger.Metadata
    ) async throws -> Int? {
        var metadata = metadata
        metadata["reason"] = "\(reason)"
        metadata["attempt"] = "\(attempt)"
        let now = Date()
        guard
            let next = settings.retries.nextAttempt(
                afterAttempt: attempt, queuedAt: delivery.createdAt, now: now, jitter: Double.random(in: -1..<1),
                retryAfterSeconds: retryAfter)
        else {
            let hours = Int(now.timeIntervalSince(delivery.createdAt) / 3600)
            logger.error("dead letter: still failing after \(attempt) attempts over \(hours) h; replay when FirstPromoter is back", metadata: metadata)
            try await store.update(
                delivery: delivery.id,
                .dead(httpStatus: status, reason: "gave up after \(attempt) attempts over \(hours) h: \(reason)", response: response),
                at: now)
            return nil
        }
        let delay = Int(next.timeIntervalSince(now) * 1000)
        metadata["retry.in.ms"] = "\(delay)"
        logger.warning("transient failure; will retry", metadata: metadata)
        try await store.update(
            delivery: delivery.id,
            .retry(at: next, httpStatus: status, reason: reason, response: response),
            at: Date())
        return delay
    }
}
