import BridgeCore
import Foundation
import Logging
import ServiceLifecycle

/// Drains the outbox: sends each due delivery, paced under FirstPromoter's rate limit, and files
/// the answer as the reference classifies it. Without an API key it runs dry: logs the exact
/// call and marks the delivery `dry_run`.
struct ForwarderService: Service {
    let store: any Outbox & RateBudget
    let api: (any FirstPromoterAPI)?
    let settings: BridgeConfiguration.ForwardingSettings
    let outbox: Doorbell
    let logger: Logger
    var idlePoll: Duration = .seconds(1)
    /// Names this process's workers in their claims.
    var ownerPrefix = ProcessIdentity.name
    /// How FirstPromoter's answers are read (v2 answers 404 where v1 answers 204).
    var version: FirstPromoterAPIVersion = .v1

    func run() async throws {
        let pacer = Pacer(budget: store, requestsPerMinute: settings.requestsPerMinute)
        // Several workers, so that one slow call does not hold up the others; claims keep any
        // two of them (or two replicas) from sending one delivery at once.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<max(settings.workers, 1) {
                group.addTask { await work(as: "\(ownerPrefix)-forwarder-\(index)", pacer: pacer) }
            }
        }
    }

    /// One worker: takes a paced slot when a delivery is due, claims one, sends it; until shutdown.
    func work(as owner: String, pacer: Pacer) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var worked = false
            do {
                worked = try await forwardNext(as: owner, pacer: pacer)
            } catch is CancellationError {
                return
            } catch let lost as ClaimLost {
                logger.warning("claim ran out during the call; another worker has the delivery", metadata: ["error": "\(lost)"])
            } catch {
                logger.error("store unavailable while forwarding; will retry", metadata: ["error": "\(error)", "worker": "\(owner)"])
            }
            if !worked { await outbox.wait(upTo: await idleWait()) }
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

    /// When a delivery is due: waits for the next paced slot, then claims one delivery and sends
    /// it at once, so that the claim's lease only has to outlast the call. Returns false when
    /// nothing was due.
    func forwardNext(as owner: String, pacer: Pacer) async throws -> Bool {
        guard let due = try await store.nextDueDate(), due <= Date() else { return false }
        // A wait for the pacer ends at shutdown; the delivery stays due for the next start. A dry
        // run is paced too: it logs each call when it would have been made.
        try await cancelWhenGracefulShutdown { try await pacer.waitForSlot() }
        guard !Task.isShuttingDownGracefully else { return false }
        guard let delivery = try await store.claimDueDeliveries(owner: owner, at: Date(), lease: settings.claimLease, limit: 1).first
        else { return true }  // another worker took it
        do {
            try await forward(delivery, owner: owner, pacer: pacer)
        } catch is CancellationError {
            // Cut off at the shutdown deadline: given back, so the next start sends it at once
            // (FirstPromoter dedups on event_id if it got there). Detached: this task is cancelled.
            let store = store
            do {
                try await Task.detached { try await store.releaseClaim(delivery: delivery.id, owner: owner) }.value
            } catch {
                logger.warning(
                    "could not give back a delivery cut off at shutdown; it is sent once its claim runs out",
                    metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            }
            throw CancellationError()
        }
        return true
    }

    func forward(_ delivery: Delivery, owner: String, pacer: Pacer) async throws {
        guard let call = delivery.call else {
            try await store.update(delivery: delivery.id, .dead(httpStatus: nil, reason: "outbox row has no readable call", response: nil), owner: owner, at: Date())
            return
        }
        var metadata: Logger.Metadata = [
            "delivery": "\(delivery.id)", "call": "\(call.endpoint.rawValue) \(call.eventID)",
            "event.id": "\(delivery.providerEventID)",
        ]
        guard let api else {
            metadata["body"] = "\(try version.body(of: call))"
            logger.notice("dry run: would POST \(version.path(of: call))", metadata: metadata)
            try await store.update(delivery: delivery.id, .dryRun, owner: owner, at: Date())
            return
        }
        let attempt = delivery.attempts + 1
        let answer: FirstPromoterAnswer
        do {
            answer = try await api.send(call)
        } catch {
            try await retryOrGiveUp(
                delivery, owner: owner, attempt: attempt, status: nil, reason: "no answer: \(error)", response: nil,
                retryAfter: nil, metadata: metadata)
            return
        }
        metadata["http.status"] = "\(answer.status)"
        switch AnswerClassification.classify(status: answer.status, endpoint: call.endpoint, version: version) {
        case .delivered(let outcome):
            metadata["outcome"] = "\(outcome.rawValue)"
            logger.info("delivered", metadata: metadata)
            try await store.update(delivery: delivery.id, .delivered(outcome, httpStatus: answer.status, response: answer.body), owner: owner, at: Date())
        case .retry(let reason):
            let retryAfter = RetryAfter.seconds(from: answer.retryAfter, now: Date())
            let delay = try await retryOrGiveUp(
                delivery, owner: owner, attempt: attempt, status: answer.status, reason: reason, response: answer.body,
                retryAfter: retryAfter, metadata: metadata)
            // Rate limited: every call waits, not just this one, but no longer than FirstPromoter's
            // one-minute window needs, whatever Retry-After asked of this delivery.
            if answer.status == 429, let delay { try await pacer.holdOff(for: .milliseconds(min(delay, 60_000))) }
        case .dead(var reason):
            if let location = answer.location { reason += "; Location: \(location)" }
            metadata["response"] = "\(answer.body)"
            logger.error("dead letter: FirstPromoter refused the call; fix and replay", metadata: metadata)
            try await store.update(delivery: delivery.id, .dead(httpStatus: answer.status, reason: reason, response: answer.body), owner: owner, at: Date())
        }
    }

    /// Schedules the next attempt and returns its delay in milliseconds, or files a dead letter
    /// after the last attempt and returns nil.
    @discardableResult
    private func retryOrGiveUp(
        _ delivery: Delivery, owner: String, attempt: Int, status: Int?, reason: String, response: String?, retryAfter: Int?,
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
                owner: owner, at: now)
            return nil
        }
        let delay = Int(next.timeIntervalSince(now) * 1000)
        metadata["retry.in.ms"] = "\(delay)"
        logger.warning("transient failure; will retry", metadata: metadata)
        try await store.update(
            delivery: delivery.id,
            .retry(at: next, httpStatus: status, reason: reason, response: response),
            owner: owner, at: Date())
        return delay
    }
}
