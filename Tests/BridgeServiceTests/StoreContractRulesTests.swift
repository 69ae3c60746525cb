import BridgeCore
import BridgeService
import Foundation
import Testing

/// The rest of the store contract: Core's rules (ordering, replay refusals) as every store
/// applies them, waits and their wake-up, and what operators read. Same implementations as
/// `StoreContractTests`.
@Suite struct StoreContractRulesTests {
    typealias Implementation = StoreContractTests.Implementation
    static let implementations = StoreContractTests.implementations
    static let record = StoreContractTests.record

    func incoming(_ id: String, provider: ProviderID = "stripe", type: String = "invoice.paid", body: String = "{}") -> IncomingEvent {
        IncomingEvent(
            provider: provider, envelope: EventEnvelope(id: id, type: type, occurredAt: nil), body: Array(body.utf8),
            headers: ["Stripe-Signature": "t=1,v1=00"], receivedAt: Date())
    }

    /// Stores an event and maps it to `calls`; returns the event.
    @discardableResult
    func map(_ id: String, to calls: [FirstPromoterCall], facts: [Fact] = [], in store: any BridgeStore) async throws -> StoredEvent {
        _ = try await store.receive(incoming(id))
        let event = try #require(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 100).first {
            $0.eventID == id
        })
        try await store.recordMapping(of: event, facts: facts, deliveries: calls.map { .call($0) }, at: Date())
        return event
    }

    func sendable(_ store: any BridgeStore) async throws -> Set<String> {
        let claimed = try await store.claimDueDeliveries(owner: "probe", at: Date(), lease: .seconds(30), limit: 100)
        for delivery in claimed { try await store.releaseClaim(delivery: delivery.id, owner: "probe") }
        return Set(claimed.compactMap { $0.call.map { "\($0.endpoint.rawValue) \($0.eventID)" } })
    }

    /// Brings a claimed delivery to `status` through the store's own writes.
    func settle(_ id: Int64, as status: DeliveryStatus, in store: any BridgeStore) async throws {
        let owner = "settle"
        let claimed = try await store.claimDueDeliveries(owner: owner, at: Date(), lease: .seconds(30), limit: 100)
        for other in claimed where other.id != id { try await store.releaseClaim(delivery: other.id, owner: owner) }
        guard claimed.contains(where: { $0.id == id }) else { Issue.record("delivery \(id) was not claimable"); return }
        let update: DeliveryUpdate? =
            switch status {
            case .delivered: .delivered(.tracked, httpStatus: 200, response: "{}")
            case .dead: .dead(httpStatus: 422, reason: "HTTP 422", response: nil)
            case .dryRun: .dryRun
            default: nil
            }
        if let update {
            try await store.update(delivery: id, update, record: Self.record, owner: owner, at: Date())
        } else {
            try await store.releaseClaim(delivery: id, owner: owner)
        }
    }

    /// `CallOrdering` as the stores apply it: for each endpoint a call may follow and each status
    /// that call may be in, the follower is claimable, listed as held, and counted as held exactly
    /// as the Core rule says.
    @Test(arguments: implementations)
    func everyStoreHoldsACallBackExactlyAsCallOrderingSays(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        var index = 0
        for endpoint in [ActionKind.signup, .sale] {
            for status in [DeliveryStatus.pending, .delivered, .dead, .dryRun] {
                index += 1
                let first = FirstPromoterCall(endpoint: endpoint, eventID: "first_\(index)", parameters: [])
                let follower = FirstPromoterCall(
                    endpoint: endpoint == .signup ? .sale : .refund, eventID: "next_\(index)", parameters: [],
                    after: DeliveryKey(endpoint, "first_\(index)"))
                try await map("evt_first_\(index)", to: [first], in: store)
                let firstID = try #require(try await store.deliveries(status: .pending, limit: 100).first { $0.call == first }?.id)
                try await settle(firstID, as: status, in: store)
                try await map("evt_next_\(index)", to: [follower], in: store)
                let held = CallOrdering.holds(.pending, after: endpoint, whileItIs: status)
                let name = "\(follower.endpoint.rawValue) next_\(index)"
                #expect(try await sendable(store).contains(name) == !held, "\(endpoint) \(status): \(name)")
                let listed = try await store.deliveries(DeliveryQuery(status: .held, limit: 100))
                #expect(listed.contains { $0.call == follower } == held, "\(endpoint) \(status) listed")
                let row = try #require(try await store.deliveries(status: nil, limit: 100).first { $0.call == follower })
                #expect((row.heldBy != nil) == held && row.shownStatus == (held ? "held" : "pending"))
                // Out of the way for the next case.
                if !held { try await settle(row.id, as: .delivered, in: store) }
            }
        }
        let summary = try await store.summary(at: Date())
        let heldCases = [ActionKind.signup, .sale].flatMap { endpoint in
            [DeliveryStatus.pending, .delivered, .dead, .dryRun].filter { CallOrdering.holds(.pending, after: endpoint, whileItIs: $0) }
        }
        #expect(summary.held == heldCases.count)
    }

    /// A refund is not sent before its sale: it becomes claimable when the sale is delivered.
    @Test(arguments: implementations)
    func aRefundIsNotClaimableBeforeItsSaleIsDelivered(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let sale = FirstPromoterCall(endpoint: .sale, eventID: "in_1", parameters: [])
        let refund = FirstPromoterCall(endpoint: .refund, eventID: "re_1", parameters: [], after: DeliveryKey(.sale, "in_1"))
        try await map("evt_sale", to: [sale], in: store)
        try await map("evt_refund", to: [refund], in: store)
        #expect(try await sendable(store) == ["sale in_1"])
        let saleID = try #require(try await store.deliveries(status: .pending, limit: 10).first { $0.call == sale }?.id)
        try await settle(saleID, as: .delivered, in: store)
        #expect(try await sendable(store) == ["refund re_1"])
    }

    /// `ReplayRule` as the stores apply it: each refusal says why, and nothing is changed.
    @Test(arguments: implementations)
    func replayRefusalsComeFromReplayRule(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let pending = FirstPromoterCall(endpoint: .sale, eventID: "in_pending", parameters: [])
        let delivered = FirstPromoterCall(endpoint: .sale, eventID: "in_delivered", parameters: [])
        try await map("evt_p", to: [pending], in: store)
        try await map("evt_d", to: [delivered], in: store)
        _ = try await store.receive(incoming("evt_ignored"))
        let event = try #require(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10).first)
        try await store.recordMapping(of: event, facts: [], deliveries: [.ignored(reason: "not a sale")], at: Date())
        let rows = try await store.deliveries(status: nil, limit: 10)
        let pendingID = try #require(rows.first { $0.call == pending }?.id)
        let deliveredID = try #require(rows.first { $0.call == delivered }?.id)
        let ignoredID = try #require(rows.first { $0.status == .ignored }?.id)
        try await settle(deliveredID, as: .delivered, in: store)
        let results = try await store.requeue(ids: [pendingID, deliveredID, ignoredID], force: false, by: "t", at: Date())
        var expected: [ReplayResult] = []
        for (id, status) in [(pendingID, DeliveryStatus.pending), (deliveredID, .delivered), (ignoredID, .ignored)] {
            guard case .refuse(let reason) = ReplayRule.decide(status, force: false) else { Issue.record("\(status) replayable"); return }
            expected.append(.refused(id: id, reason: reason))
        }
        #expect(results == expected)
        #expect(try await store.attempts(ofDelivery: deliveredID).map(\.kind) == [.call], "a refusal leaves no history")
    }

    /// A waiting event is mapped again as soon as the fact it waits for is written, not at its deadline.
    @Test(arguments: implementations)
    func aWaitingEventIsWokenByTheFactItWaitsFor(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for id in ["evt_refund", "evt_other", "evt_sale"] { _ = try await store.receive(incoming(id)) }
        let events = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10)
        let later = Date().addingTimeInterval(3600)
        try await store.recordWait(of: events[0], reason: "waits for its sale", until: later, keys: ["sale:in_1"], reads: [], at: Date())
        try await store.recordWait(of: events[1], reason: "waits for another", until: later, keys: ["sale:in_2"], reads: [], at: Date())
        #expect(try await store.events(in: .waiting, limit: 10).count == 2)
        let held = try await store.deliveries(status: .held, limit: 10)
        #expect(held.count == 2 && held.allSatisfy { $0.outcome?.hasPrefix("waits for") == true })
        #expect(try await store.claimEventsToMap(owner: "other", at: Date(), lease: .seconds(30), limit: 10).isEmpty)
        let sale = SaleRecord(eventID: "in_1", uid: "cus_1", email: nil, currency: "USD", amount: 100, charged: 100)
        try await store.recordMapping(of: events[2], facts: [.saleRecorded(sale)], deliveries: [], at: Date())
        let woken = try await store.claimEventsToMap(owner: "other", at: Date(), lease: .seconds(30), limit: 10)
        #expect(woken.map(\.eventID) == ["evt_refund"])
    }

    /// A verified body that is no event is kept, whole, as undecodable, and never mapped.
    @Test(arguments: implementations)
    func anUndecodableBodyIsKeptAndNeverMapped(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let body = Array(#"{"object":"no event"}"#.utf8)
        let first = try await store.keepUndecodable(provider: "stripe", body: body, headers: ["a": "b"], problem: "id is missing", at: Date())
        let second = try await store.keepUndecodable(provider: "stripe", body: body, headers: [:], problem: "id is missing", at: Date())
        #expect(first != second)
        let kept = try await store.events(in: .undecodable, limit: 10)
        #expect(kept.count == 2 && kept[0].body == body && kept[0].error == "id is missing" && kept[0].headers == ["a": "b"])
        #expect(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10).isEmpty)
        #expect(try await store.event(row: first)?.state == .undecodable)
    }

    /// A claim given back is sendable by another worker at once; a stopping mapper's events too.
    @Test(arguments: implementations)
    func claimsGivenBackAreTakenAtOnce(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        try await map("evt_1", to: [FirstPromoterCall(endpoint: .sale, eventID: "in_1", parameters: [])], in: store)
        let claimed = try #require(try await store.claimDueDeliveries(owner: "w1", at: Date(), lease: .seconds(60), limit: 1).first)
        #expect(try await store.claimDueDeliveries(owner: "w2", at: Date(), lease: .seconds(60), limit: 1).isEmpty)
        try await store.releaseClaim(delivery: claimed.id, owner: "w1")
        #expect(try await store.claimDueDeliveries(owner: "w2", at: Date(), lease: .seconds(60), limit: 1).map(\.id) == [claimed.id])

        _ = try await store.receive(incoming("evt_2"))
        #expect(try await store.claimEventsToMap(owner: "m1", at: Date(), lease: .seconds(60), limit: 10).count == 1)
        #expect(try await store.claimEventsToMap(owner: "m2", at: Date(), lease: .seconds(60), limit: 10).isEmpty)
        try await store.releaseEventClaims(owner: "m1")
        #expect(try await store.claimEventsToMap(owner: "m2", at: Date(), lease: .seconds(60), limit: 10).map(\.eventID) == ["evt_2"])
    }

    /// A failure is kept with its reason; failed and mapped events go back to be mapped on
    /// request, and a call already queued is not queued again.
    @Test(arguments: implementations)
    func failedAndMappedEventsGoBackToBeMapped(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let call = FirstPromoterCall(endpoint: .sale, eventID: "in_1", parameters: [])
        let mapped = try await map("evt_mapped", to: [call], in: store)
        _ = try await store.receive(incoming("evt_failed"))
        let failing = try #require(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10).first)
        try await store.recordMappingFailure(of: failing, problem: "amount is missing", at: Date())
        #expect(try await store.events(in: .failed, limit: 10).map(\.error) == ["amount is missing"])

        #expect(try await store.requeueForMapping(rows: nil) == 1)
        #expect(try await store.requeueForMapping(rows: [mapped.row, 9999]) == 1)
        let again = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10)
        #expect(Set(again.map(\.eventID)) == ["evt_mapped", "evt_failed"])
        let remapped = try #require(again.first { $0.eventID == "evt_mapped" })
        try await store.recordMapping(of: remapped, facts: [], deliveries: [.call(call)], at: Date())
        #expect(try await store.deliveries(status: nil, limit: 10).count == 1, "the call is not queued twice")
    }

    /// What an operator reads: the summary's counts and times, and the list filters.
    @Test(arguments: implementations)
    func summaryAndFiltersSayWhatIsThere(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let start = Date()
        try await map("evt_a", to: [FirstPromoterCall(endpoint: .sale, eventID: "in_a", parameters: [])], in: store)
        try await map("evt_b", to: [FirstPromoterCall(endpoint: .sale, eventID: "in_b", parameters: [])], in: store)
        _ = try await store.receive(incoming("evt_p", provider: "paddle", type: "transaction.completed"))
        let rows = try await store.deliveries(status: .pending, limit: 10)
        try await settle(rows[0].id, as: .delivered, in: store)
        try await settle(rows[1].id, as: .dead, in: store)

        let summary = try await store.summary(at: Date())
        #expect(Set(summary.deliveries.map { "\($0.provider) \($0.action) \($0.status) \($0.count)" })
            == ["stripe sale delivered 1", "stripe sale dead 1"])
        #expect(summary.events == ["mapped": 2, "received": 1])
        #expect(summary.held == 0 && summary.oldestPendingSince == nil)
        #expect(summary.lastDeliveredAt.map { $0 >= start.addingTimeInterval(-1) } == true)
        #expect(summary.lastFailure == "dead: HTTP 422")

        #expect(try await store.events(EventQuery(provider: "paddle")).map(\.eventID) == ["evt_p"])
        #expect(try await store.events(EventQuery(state: .mapped)).map(\.eventID) == ["evt_b", "evt_a"])
        #expect(try await store.events(EventQuery(type: "transaction.completed")).map(\.eventID) == ["evt_p"])
        #expect(try await store.events(EventQuery(text: "vt_b")).map(\.eventID) == ["evt_b"])
        let newest = try await store.events(EventQuery(limit: 1))
        #expect(try await store.events(EventQuery(beforeRow: newest[0].row, limit: 1)).map(\.eventID) == ["evt_b"])
        #expect(try await store.events(EventQuery(since: Date().addingTimeInterval(60))).isEmpty)
        #expect(try await store.deliveries(DeliveryQuery(status: .dead)).map(\.call?.eventID) == ["in_b"])
        #expect(try await store.deliveries(DeliveryQuery(firstPromoterEventID: "in_a")).map(\.status) == [.delivered])
        #expect(try await store.deliveries(DeliveryQuery(provider: "paddle")).isEmpty)
        let event = try #require(try await store.events(EventQuery(text: "evt_a")).first)
        #expect(try await store.deliveries(ofEvent: event.row).map(\.call?.eventID) == ["in_a"])
    }

    /// A sign-out ends every session issued before it, on every replica; a slow clock cannot move it back.
    @Test(arguments: implementations)
    func consoleSignOutsNeverMoveBack(_ implementation: Implementation) async throws {
        let (store, reopen) = try await implementation.open()
        #expect(try await store.consoleSessionsValidAfter() == 0)
        try await store.endConsoleSessions(at: Date(timeIntervalSince1970: 2_000))
        let other = try await reopen()
        try await other.endConsoleSessions(at: Date(timeIntervalSince1970: 1_000))
        #expect(try await store.consoleSessionsValidAfter() == 2_000_000)
        try await store.checkWritable()
    }

    /// A backfill's record reads back whole from any replica, is replaced by its key, and each
    /// provider's latest is listed newest first.
    @Test(arguments: implementations)
    func importRunsReadBackWhole(_ implementation: Implementation) async throws {
        let (store, reopen) = try await implementation.open()
        let since = Date(timeIntervalSince1970: 1_763_856_000)
        #expect(try await store.importRun(provider: "stripe", kind: .backfill, since: since) == nil)
        var run = ImportRun(
            provider: "stripe", kind: .backfill, since: since, until: since.addingTimeInterval(3 * 86_400),
            doneUntil: since.addingTimeInterval(86_400), events: 7, imported: 5, duplicates: 2,
            startedAt: Date(timeIntervalSince1970: 1_764_000_000), updatedAt: Date(timeIntervalSince1970: 1_764_000_100),
            stopped: "Stripe API answered HTTP 503, 4 times")
        try await store.recordImportRun(run)
        let other = try await reopen()
        #expect(try await other.importRun(provider: "stripe", kind: .backfill, since: since) == run)
        run.doneUntil = run.until
        run.stopped = nil
        run.updatedAt = Date(timeIntervalSince1970: 1_764_000_200)
        try await other.recordImportRun(run)
        #expect(try await store.importRun(provider: "stripe", kind: .backfill, since: since) == run)
        let older = ImportRun(
            provider: "stripe", kind: .backfill, since: since.addingTimeInterval(-86_400), until: since, doneUntil: since,
            startedAt: Date(timeIntervalSince1970: 1_763_000_000), updatedAt: Date(timeIntervalSince1970: 1_763_000_000))
        let paddle = ImportRun(
            provider: "paddle", kind: .backfill, since: since, until: since, doneUntil: since,
            startedAt: Date(timeIntervalSince1970: 1_764_000_300), updatedAt: Date(timeIntervalSince1970: 1_764_000_300))
        try await store.recordImportRun(older)
        try await store.recordImportRun(paddle)
        #expect(try await other.latestImportRuns() == [paddle, run])
    }
}
