import BridgeCore
import Foundation
import Logging
import Synchronization
import Testing

@testable import BridgeService

/// The forwarder against a store whose claims stall while its slots do not (another replica's
/// big commit holding the deliveries): the calls held up must not go out together when it lets
/// go. A real SQLite store; the stall and FirstPromoter are in-process, so that the calls'
/// instants are the forwarder's own.
@Suite struct ForwarderPacingTests {
    /// Forwards to the store, but holds every claim made while `stalledUntil` is ahead.
    final class StallingOutbox: Outbox, RateBudget {
        let store: SQLiteBridgeStore
        let stalledUntil = Mutex<ContinuousClock.Instant?>(nil)
        init(store: SQLiteBridgeStore) { self.store = store }

        func claimDueDeliveries(owner: String, at: Date, lease: Duration, limit: Int) async throws -> [Delivery] {
            if let until = stalledUntil.withLock({ $0 }), until > .now { try await Task.sleep(until: until) }
            return try await store.claimDueDeliveries(owner: owner, at: Date(), lease: lease, limit: limit)
        }
        func nextDueDate() async throws -> Date? { try await store.nextDueDate() }
        func releaseClaim(delivery id: Int64, owner: String) async throws { try await store.releaseClaim(delivery: id, owner: owner) }
        func update(delivery id: Int64, _ update: DeliveryUpdate, record: CallRecord, owner: String, at: Date) async throws {
            try await store.update(delivery: id, update, record: record, owner: owner, at: at)
        }
        func requeue(ids: [Int64], force: Bool, by who: String, at: Date) async throws -> [ReplayResult] {
            try await store.requeue(ids: ids, force: force, by: who, at: at)
        }
        func requeueDead(provider: String?, since: Date?, until: Date?, by who: String, at: Date) async throws -> Int {
            try await store.requeueDead(provider: provider, since: since, until: until, by: who, at: at)
        }
        func reserveSlot(_ name: String, interval: Duration, now: Date) async throws -> Date {
            try await store.reserveSlot(name, interval: interval, now: now)
        }
        func holdOff(_ name: String, until: Date) async throws { try await store.holdOff(name, until: until) }
    }

    /// Answers 200 at once and keeps the instant of every call.
    final class RecordingFirstPromoter: FirstPromoterAPI {
        let instants = Mutex<[ContinuousClock.Instant]>([])
        func send(_ call: FirstPromoterCall) async throws -> FirstPromoterAnswer {
            instants.withLock { $0.append(.now) }
            return FirstPromoterAnswer(status: 200, body: "{}", retryAfter: nil, location: nil)
        }
    }

    @Test func callsHeldUpByStalledClaimsTakeNewSlots() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pacing-\(UUID().uuidString).sqlite").path
        let store = try SQLiteBridgeStore(path: path)
        let count = 300
        for index in 0..<count {
            let id = "stall_\(index)"
            _ = try await store.receive(
                IncomingEvent(
                    provider: "stripe", envelope: EventEnvelope(id: "evt_\(id)", type: "invoice.paid", occurredAt: nil),
                    body: Array("{}".utf8), headers: [:], receivedAt: Date()))
        }
        for event in try await store.events(in: .received, limit: count) {
            try await store.recordMapping(
                of: event, facts: [],
                deliveries: [.call(FirstPromoterCall(endpoint: .sale, eventID: event.eventID, parameters: []))], at: Date())
        }
        let outbox = StallingOutbox(store: store)
        let firstPromoter = RecordingFirstPromoter()
        // 100 calls a second (a slot every 10 ms), and 64 workers: enough to hold 50 slots at once.
        let forwarder = ForwarderService(
            store: outbox, api: firstPromoter,
            settings: .init(
                retries: RetrySchedule(delaysMilliseconds: [1_000], giveUpAfterMilliseconds: 60_000), requestsPerMinute: 6_000,
                workers: 64, claimLease: .seconds(30)),
            outbox: Doorbell(), logger: Logger(label: "forwarder-pacing-test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await forwarder.run() }
            // Half a second into the drain, every claim stalls for half a second.
            try await Task.sleep(for: .milliseconds(500))
            outbox.stalledUntil.withLock { $0 = .now + .milliseconds(500) }
            let deadline = ContinuousClock.now + .seconds(30)
            while firstPromoter.instants.withLock({ $0.count }) < count, .now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            group.cancelAll()
        }
        let instants = firstPromoter.instants.withLock { $0 }.sorted()
        #expect(instants.count == count)
        // Paced, a 100 ms window holds 10 calls, and at most 10 more caught up (`PaceRule`): sent
        // on the slots they held, the calls held up by the stall would all go out at once.
        let busiest = instants.indices.map { start in
            instants[start...].prefix { $0 - instants[start] < .milliseconds(100) }.count
        }.max() ?? 0
        #expect(busiest <= 30, "\(busiest) calls went out within 100 ms")
    }
}
