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
    var metrics = BridgeMetrics()
    /// Where calls go, for each attempt's record (a dry run records where it would have gone).
    var baseURL = FirstPromoterAPIVersion.v1.defaultBaseURL

    /// How long one call's round trip may take (its slot, its synced claim, the request, its
    /// synced record), in milliseconds, while the pace is kept: about 60 under a benchmark's
    /// load on 2 cores, so twice that.
    static let callRoundTrip = 120

    /// Workers enough to keep the pace: it needs pace × round trip calls in flight (Little's law),
    /// which the configured count covers at FirstPromoter's 400 a minute, but not at a pace raised
    /// for a bigger account. Never fewer than configured, never more than 64.
    static func workers(configured: Int, requestsPerMinute: Int) -> Int {
        // Both bounded by the configuration (1...64 and 1...100,000): no overflow.
        let forPace = (requestsPerMinute * callRoundTrip + 59_999) / 60_000
        return min(max(configured, forPace, 1), 64)
    }

    func run() async throws {
        let pacer = Pacer(budget: store, requestsPerMinute: settings.requestsPerMinute)
        // Several workers, so that one slow call does not hold up the others; claims keep any
        // two of them (or two replicas) from sending one delivery at once.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<Self.workers(configured: settings.workers, requestsPerMinute: settings.requestsPerMinute) {
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
    /// it at once, so that the claim's lease only has to outlast the call; on a new slot if the
    /// claim took so long that the old one is past (`PaceRule`). Returns false when nothing was due.
    func forwardNext(as owner: String, pacer: Pacer) async throws -> Bool {
        guard let due = try await store.nextDueDate(), due <= Date() else { return false }
        // A wait for the pacer ends at shutdown; the delivery stays due for the next start. A dry
        // run is paced too: it logs each call when it would have been made.
        let slot = try await cancelWhenGracefulShutdown { try await pacer.waitForSlot() }
        guard !Task.isShuttingDownGracefully else { return false }
        guard let delivery = try await store.claimDueDeliveries(owner: owner, at: Date(), lease: settings.claimLease, limit: 1).first
        else { return true }  // another worker took it
        do {
            // The claim waited on a busy store: a new slot, so that calls held up together do
            // not go out together.
            if pacer.isLate(slot) {
                let again = try await pacer.reserveSlot()
                // A 429's hold-off may have moved every slot past this claim's lease: given back.
                guard again.timeIntervalSinceNow < Double(settings.claimLease.components.seconds) / 2 else {
                    try await store.releaseClaim(delivery: delivery.id, owner: owner)
                    return true
                }
                try await cancelWhenGracefulShutdown { try await pacer.wait(for: again) }
                guard !Task.isShuttingDownGracefully else { throw CancellationError() }
            }
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
        let started = Date()
        guard let call = delivery.call else {
            try await store.update(
                delivery: delivery.id, .dead(httpStatus: nil, reason: "outbox row has no call to send", response: nil),
                record: CallRecord(url: baseURL, startedAt: started, durationMilliseconds: nil), owner: owner, at: started)
            return
        }
        let url = baseURL + version.path(of: call)
        var metadata: Logger.Metadata = [
            "delivery": "\(delivery.id)", "call": "\(call.endpoint.rawValue) \(call.eventID)",
            "event.id": "\(delivery.providerEventID)", "provider": "\(delivery.provider)", "attempt": "\(delivery.attempts + 1)",
        ]
        guard let api else {
            metadata["body"] = "\(try version.body(of: call))"
            metadata["outcome"] = "dry_run"
            logger.notice("dry run: would POST \(url)", metadata: metadata)
            metrics.delivery(action: call.endpoint.rawValue, outcome: "dry_run")
            try await store.update(
                delivery: delivery.id, .dryRun, record: CallRecord(url: url, startedAt: started, durationMilliseconds: nil), owner: owner,
                at: Date())
            return
        }
        let answer: FirstPromoterAnswer
        do {
            answer = try await api.send(call)
        } catch {
            let record = CallRecord(url: url, startedAt: started, durationMilliseconds: Self.milliseconds(since: started))
            metadata["duration.ms"] = "\(record.durationMilliseconds ?? 0)"
            try await retryOrGiveUp(
                delivery, owner: owner, status: nil, reason: "no answer: \(error)", response: nil, retryAfter: nil, record: record,
                metadata: metadata)
            return
        }
        let record = CallRecord(url: url, startedAt: started, durationMilliseconds: Self.milliseconds(since: started))
        metrics.firstPromoterCall(action: call.endpoint.rawValue, duration: .milliseconds(record.durationMilliseconds ?? 0))
        metadata["http.status"] = "\(answer.status)"
        metadata["duration.ms"] = "\(record.durationMilliseconds ?? 0)"
        switch AnswerClassification.classify(status: answer.status, endpoint: call.endpoint, version: version) {
        case .delivered(let outcome):
            metadata["outcome"] = "\(outcome.rawValue)"
            logger.info("delivered", metadata: metadata)
            metrics.delivery(action: call.endpoint.rawValue, outcome: outcome.rawValue)
            try await store.update(
                delivery: delivery.id, .delivered(outcome, httpStatus: answer.status, response: answer.body), record: record,
                owner: owner, at: Date())
        case .retry(let reason):
            let retryAfter = RetryAfter.seconds(from: answer.retryAfter, now: Date())
            let delay = try await retryOrGiveUp(
                delivery, owner: owner, status: answer.status, reason: reason, response: answer.body, retryAfter: retryAfter,
                record: record, metadata: metadata)
            // Rate limited: every call waits, not just this one, but no longer than FirstPromoter's
            // one-minute window needs, whatever Retry-After asked of this delivery.
            if answer.status == 429, let delay { try await pacer.holdOff(for: .milliseconds(min(delay, 60_000))) }
        case .dead(var reason):
            if let location = answer.location { reason += "; Location: \(location)" }
            metadata["response"] = "\(answer.body)"
            metadata["outcome"] = "dead"
            logger.error("dead letter: FirstPromoter refused the call; fix and replay", metadata: metadata)
            metrics.delivery(action: call.endpoint.rawValue, outcome: "dead")
            try await store.update(
                delivery: delivery.id, .dead(httpStatus: answer.status, reason: reason, response: answer.body), record: record,
                owner: owner, at: Date())
        }
    }

    static func milliseconds(since start: Date) -> Int {
        Int((Date().timeIntervalSince(start) * 1000).rounded())
    }

    /// Schedules the next attempt and returns its delay in milliseconds, or files a dead letter
    /// after the last attempt and returns nil.
    @discardableResult
    private func retryOrGiveUp(
        _ delivery: Delivery, owner: String, status: Int?, reason: String, response: String?, retryAfter: Int?,
        record: CallRecord, metadata: Logger.Metadata
    ) async throws -> Int? {
        var metadata = metadata
        metadata["reason"] = "\(reason)"
        let attempt = delivery.attempts + 1
        let now = Date()
        guard
            let next = settings.retries.nextAttempt(
                afterAttempt: attempt, queuedAt: delivery.queuedAt, now: now, jitter: Double.random(in: -1..<1),
                retryAfterSeconds: retryAfter)
        else {
            let hours = Int(now.timeIntervalSince(delivery.queuedAt) / 3600)
            metadata["outcome"] = "dead"
            metrics.delivery(action: delivery.call?.endpoint.rawValue ?? "none", outcome: "dead")
            logger.error("dead letter: still failing after \(attempt) attempts over \(hours) h; replay when FirstPromoter is back", metadata: metadata)
            try await store.update(
                delivery: delivery.id,
                .dead(httpStatus: status, reason: "gave up after \(attempt) attempts over \(hours) h: \(reason)", response: response),
                record: record, owner: owner, at: now)
            return nil
        }
        let delay = Int(next.timeIntervalSince(now) * 1000)
        metadata["retry.in.ms"] = "\(delay)"
        metadata["outcome"] = "retry"
        logger.warning("transient failure; will retry", metadata: metadata)
        metrics.delivery(action: delivery.call?.endpoint.rawValue ?? "none", outcome: "retry")
        try await store.update(
            delivery: delivery.id,
            .retry(at: next, httpStatus: status, reason: reason, response: response),
            record: record, owner: owner, at: Date())
        return delay
    }
}
