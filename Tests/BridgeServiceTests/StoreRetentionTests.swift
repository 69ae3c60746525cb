import BridgeCore
@testable import BridgeService
import Logging
import Foundation
import Testing

/// `RetentionRule` on every store: what is settled and old goes, with its calls, attempts and ids;
/// everything an operator may still act on stays, however old.
@Suite struct StoreRetentionTests {
    let contract = StoreContractTests()
    static let old = Date().addingTimeInterval(-100 * 86_400)

    func receive(_ id: String, at date: Date, in store: any BridgeStore) async throws -> StoredEvent {
        var event = contract.incoming("evt_\(id)")
        event.receivedAt = date
        _ = try await store.receive(event)
        return try #require(try await store.events(in: .received, limit: 50).first { $0.eventID == "evt_\(id)" })
    }

    func queueCall(_ id: String, at date: Date, in store: any BridgeStore) async throws -> Int64 {
        let event = try await receive(id, at: date, in: store)
        try await store.recordMapping(
            of: event, facts: [], deliveries: [.call(FirstPromoterCall(endpoint: .sale, eventID: "in_\(id)", parameters: []))], at: Date())
        return try #require(try await store.deliveries(status: .pending, limit: 50).first { $0.call?.eventID == "in_\(id)" }?.id)
    }

    func finish(_ delivery: Int64, _ update: DeliveryUpdate, in store: any BridgeStore) async throws {
        let claimed = try await store.claimDueDeliveries(owner: "w1", at: Date(), lease: .seconds(30), limit: 50)
        #expect(claimed.contains { $0.id == delivery })
        try await store.update(delivery: delivery, update, record: StoreContractTests.record, owner: "w1", at: Date())
        for other in claimed where other.id != delivery { try await store.releaseClaim(delivery: other.id, owner: "w1") }
    }

    @Test(arguments: StoreContractTests.implementations)
    func settledEventsOlderThanTheCutoffGoAndNothingElse(_ implementation: StoreContractTests.Implementation) async throws {
        let store = try await implementation.open().store
        let delivered = try await queueCall("delivered", at: Self.old, in: store)
        try await finish(delivered, .delivered(.tracked, httpStatus: 200, response: "{}"), in: store)
        let ignored = try await receive("ignored", at: Self.old, in: store)
        try await store.recordMapping(of: ignored, facts: [], deliveries: [.ignored(reason: "a test-mode event")], at: Date())
        let dead = try await queueCall("dead", at: Self.old, in: store)
        try await finish(dead, .dead(httpStatus: 422, reason: "HTTP 422", response: "{}"), in: store)
        let dryRun = try await queueCall("dry", at: Self.old, in: store)
        try await finish(dryRun, .dryRun, in: store)
        _ = try await queueCall("pending", at: Self.old, in: store)
        let failed = try await receive("failed", at: Self.old, in: store)
        try await store.recordMappingFailure(of: failed, problem: "a test failure", at: Date())
        _ = try await receive("unmapped", at: Self.old, in: store)
        let recent = try await queueCall("recent", at: Date(), in: store)
        try await finish(recent, .delivered(.tracked, httpStatus: 200, response: "{}"), in: store)

        let cutoff = try #require(RetentionRule.cutoff(now: Date(), days: 90))
        // Oldest first, a batch at a time.
        #expect(try await store.pruneSettled(receivedBefore: cutoff, limit: 1) == 1)
        #expect(try await store.pruneSettled(receivedBefore: cutoff, limit: 10) == 1)
        #expect(try await store.pruneSettled(receivedBefore: cutoff, limit: 10) == 0)

        // Gone: the events, their calls, their attempts and the ids they were found by.
        for id in ["evt_delivered", "evt_ignored", "in_delivered"] {
            #expect(try await store.events(mentioning: id, limit: 10).isEmpty, "\(id) is still found")
        }
        #expect(try await store.attempts(ofDelivery: delivered).isEmpty)
        // Kept: everything an operator may act on, and what is not old enough.
        for id in ["evt_dead", "evt_dry", "evt_pending", "evt_failed", "evt_unmapped", "evt_recent", "in_dead", "in_recent"] {
            #expect(try await store.events(mentioning: id, limit: 10).count == 1, "\(id) is gone")
        }
        #expect(try await store.attempts(ofDelivery: dead).count == 1)
        #expect(try await store.deliveries(status: nil, limit: 50).map(\.status).sorted { $0.rawValue < $1.rawValue }
            == [.dead, .delivered, .dryRun, .pending])
        #expect(RetentionRule.cutoff(now: Date(), days: 0) == nil)
    }
}

/// The service that prunes: every batch due, then done; nothing at all with 0 days.
@Suite struct RetentionServiceTests {
    @Test func aPassPrunesEverySettledEventDueAndSaysSo() async throws {
        let retention = StoreRetentionTests()
        let store = try await StoreContractTests.Implementation.sqlite.open().store
        for id in ["a", "b", "c"] {
            let ignored = try await retention.receive(id, at: StoreRetentionTests.old, in: store)
            try await store.recordMapping(of: ignored, facts: [], deliveries: [.ignored(reason: "no call")], at: Date())
        }
        let lines = Lines()
        let logger = Logger(label: "test") { LineLogHandler(label: $0, format: .logfmt, output: LineOutput { lines.append($0) }) }
        #expect(try await RetentionService(store: store, days: 0, logger: logger).pruneAll() == 0)
        #expect(try await RetentionService(store: store, days: 90, logger: logger).pruneAll() == 3)
        #expect(try await store.events(in: .mapped, limit: 10).isEmpty)
        #expect(lines.all.contains { $0.contains("msg=\"pruned settled events\"") && $0.contains("events=3") })
    }
}
