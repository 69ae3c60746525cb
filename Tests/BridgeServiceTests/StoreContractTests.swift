import BridgeCore
import BridgeService
import Foundation
import Logging
import Testing

/// The contract every store implementation passes: SQLite today; the PostgreSQL store for
/// several replicas joins `implementations` when it comes, and must pass every test here.
@Suite struct StoreContractTests {
    /// An implementation: opens fresh, empty storage, and a second handle on the same storage
    /// (another replica, or the same one restarted).
    struct Implementation: Sendable, CustomTestStringConvertible {
        let name: String
        let open: @Sendable () async throws -> (store: any BridgeStore, reopen: @Sendable () async throws -> any BridgeStore)
        var testDescription: String { name }

        static let sqlite = Implementation(name: "SQLite") {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString).sqlite").path
            return (try SQLiteBridgeStore(path: path), { try SQLiteBridgeStore(path: path) })
        }

        static let postgres = Implementation(name: "PostgreSQL") {
            let (store, location) = try await PostgresTestDatabase.store()
            return (store, {
                let again = try PostgresBridgeStore(location, logger: Logger(label: "postgres-test"))
                _ = try await again.migrate()
                return again
            })
        }
    }

    /// PostgreSQL joins where `POSTGRES_TEST_URL` is set (`PostgresStoreTests` says when it is not).
    static let implementations: [Implementation] = [.sqlite] + (PostgresTestDatabase.url == nil ? [] : [.postgres])
    /// A lease that runs out during a test, on the store's own clock.
    static let shortLease = Duration.seconds(2)
    static let record = CallRecord(url: "https://firstpromoter.com/api/v1/track/sale", startedAt: Date(), durationMilliseconds: 12)

    func incoming(_ id: String, type: String = "invoice.paid") -> IncomingEvent {
        IncomingEvent(
            provider: "stripe", envelope: EventEnvelope(id: id, type: type, occurredAt: nil), body: Array("{}".utf8),
            headers: ["Stripe-Signature": "t=1,v1=00"], receivedAt: Date())
    }

    @Test(arguments: implementations)
    func anEventIsStoredOncePerProviderEventID(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        guard case .stored(let row) = try await store.receive(incoming("evt_1")) else { Issue.record("not stored"); return }
        #expect(try await store.receive(incoming("evt_1")) == .duplicate(eventRow: row))
        guard case .stored = try await store.receive(incoming("evt_2")) else { Issue.record("not stored"); return }
        #expect(try await store.events(in: .received, limit: 10).map(\.eventID) == ["evt_1", "evt_2"])
    }

    @Test(arguments: implementations)
    func oneCallPerEndpointAndEventID(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        _ = try await store.receive(incoming("evt_a"))
        _ = try await store.receive(incoming("evt_b"))
        let events = try await store.events(in: .received, limit: 10)
        let call = FirstPromoterCall(endpoint: .sale, eventID: "in_1", parameters: [FormField("event_id", "in_1")])
        for event in events {
            try await store.recordMapping(of: event, facts: [], deliveries: [.call(call)], at: Date())
        }
        let rows = try await store.deliveries(status: nil, limit: 10)
        #expect(rows.map(\.status) == [.pending, .ignored])
        #expect(rows[0].call == call)
        #expect(rows[1].outcome == "same sale event_id in_1 as delivery \(rows[0].id): sent once")
        #expect(try await store.events(in: .mapped, limit: 10).count == 2)
        // A refund with the same event_id is another call.
        let refund = FirstPromoterCall(endpoint: .refund, eventID: "in_1", parameters: [])
        try await store.recordMapping(of: events[0], facts: [], deliveries: [.call(refund)], at: Date())
        #expect(try await store.deliveries(status: .pending, limit: 10).count == 2)
    }

    @Test(arguments: implementations)
    func memoryKeepsTheNewestSubscriptionAndTheLargestRefundedTotal(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        _ = try await store.receive(incoming("evt_m"))
        let event = try #require(try await store.events(in: .received, limit: 1).first)
        let reference = PaymentReference(kind: "payment_intent", id: "pi_1")
        try await store.recordMapping(
            of: event,
            facts: [
                .subscriptionMRR(subscriptionID: "sub_1", mrr: 500, asOf: 200),
                .subscriptionMRR(subscriptionID: "sub_1", mrr: 100, asOf: 100),
                .refundedTotal(paymentID: "ch_1", total: 700),
                .refundedTotal(paymentID: "ch_1", total: 300),
                .salePaidBy(reference, saleEventID: "in_9"),
            ],
            deliveries: [], at: Date())
        let memory = store.memory(for: "stripe")
        #expect(try await memory.subscriptionMRR(subscriptionID: "sub_1") == 500)
        #expect(try await memory.refundedTotal(paymentID: "ch_1") == 700)
        #expect(try await memory.saleEventID(paidBy: reference) == "in_9")
        #expect(try await store.memory(for: "paddle").saleEventID(paidBy: reference) == nil, "memory is per provider")
    }

    /// Many workers reading at once (on PostgreSQL, their reads go out together in one
    /// statement): each gets its own entry's value, or none, and the reads are noted.
    @Test(arguments: implementations)
    func readsMadeAtOnceEachGetTheirOwnEntry(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        _ = try await store.receive(incoming("evt_reads"))
        let event = try #require(try await store.events(in: .received, limit: 1).first)
        try await store.recordMapping(
            of: event, facts: (0..<40).map { .refundedTotal(paymentID: "ch_\($0)", total: 100 + $0) }, deliveries: [], at: Date())
        let reads = MemoryReads()
        let memory = store.memory(for: "stripe", noting: reads)
        let totals = try await withThrowingTaskGroup(of: (Int, Int?).self) { group in
            // Every other one has no entry; the same entry is read twice.
            for index in 0..<80 { group.addTask { (index, try await memory.refundedTotal(paymentID: "ch_\(index % 2 == 0 ? index / 2 : 1000 + index)")) } }
            group.addTask { (-1, try await memory.refundedTotal(paymentID: "ch_3")) }
            return try await group.reduce(into: [Int: Int?]()) { $0.updateValue($1.1, forKey: $1.0) }
        }
        #expect(totals.count == 81)
        for index in 0..<80 { #expect(totals[index] == .some(index % 2 == 0 ? 100 + index / 2 : nil), "read \(index)") }
        #expect(totals[-1] == .some(103))
        #expect(reads.all.count == 81)
        #expect(try await store.memory(for: "paddle").refundedTotal(paymentID: "ch_3") == nil, "memory is per provider")
    }

    func claim(
        _ store: any BridgeStore, _ owner: String = "w1", at date: Date = Date(), lease: Duration = .seconds(30)
    ) async throws -> [Delivery] {
        try await store.claimDueDeliveries(owner: owner, at: date, lease: lease, limit: 10)
    }

    func queueSale(_ id: String, in store: any BridgeStore) async throws {
        _ = try await store.receive(incoming("evt_\(id)"))
        let event = try #require(try await store.events(in: .received, limit: 10).first { $0.eventID == "evt_\(id)" })
        try await store.recordMapping(
            of: event, facts: [], deliveries: [.call(FirstPromoterCall(endpoint: .sale, eventID: id, parameters: []))], at: Date())
    }

    @Test(arguments: implementations)
    func deliveriesMoveThroughRetryDeadAndReplay(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        try await queueSale("in_r", in: store)
        let id = try #require(try await claim(store).first?.id)

        let later = Date().addingTimeInterval(60)
        try await store.update(delivery: id, .retry(at: later, httpStatus: 503, reason: "HTTP 503", response: "busy"), record: Self.record, owner: "w1", at: Date())
        #expect(try await claim(store).isEmpty)
        #expect(try await store.nextDueDate().map { abs($0.timeIntervalSince(later)) < 0.01 } == true)

        _ = try await claim(store, at: later.addingTimeInterval(1))
        try await store.update(delivery: id, .dead(httpStatus: 422, reason: "HTTP 422", response: "{\"message\":\"no\"}"), record: Self.record, owner: "w1", at: Date())
        let dead = try #require(try await store.deliveries(status: .dead, limit: 10).first)
        #expect(dead.attempts == 2)
        #expect(dead.lastResponse == "{\"message\":\"no\"}")

        #expect(try await store.requeueDead(by: "test", at: Date()) == 1)
        let again = try #require(try await claim(store).first)
        #expect(again.id == id && again.attempts == 0)
        try await store.update(delivery: id, .delivered(.tracked, httpStatus: 200, response: "{}"), record: Self.record, owner: "w1", at: Date())
        // A delivered call goes again only when forced; an unknown id says so.
        #expect(try await store.requeue(ids: [id, 9999], force: false, by: "test", at: Date()) == [
            .refused(id: id, reason: "it was delivered; FirstPromoter does not dedup every kind of call, so send it again only with --force"),
            .notFound(id: 9999),
        ])
        #expect(try await store.requeue(ids: [id], force: true, by: "test", at: Date()) == [.requeued(id: id, was: .delivered)])
        // Every attempt and replay is kept, in order: nothing that was there is overwritten.
        let history = try await store.attempts(ofDelivery: id)
        #expect(history.map(\.kind) == [.call, .call, .replay, .call, .replay])
        #expect(history.map(\.httpStatus) == [503, 422, nil, 200, nil])
        #expect(history[1].outcome == "dead: HTTP 422")
        #expect(history[2].outcome == "replayed by test; was dead: HTTP 422")
        #expect(history[4].outcome == "replayed by test; was delivered: tracked")
        #expect(history[0].url == Self.record.url && history[0].durationMilliseconds == 12)
    }

    /// Any id an operator has at hand finds the event: the provider's event id, the
    /// FirstPromoter event_id, or an id in its body; a near miss does not.
    @Test(arguments: implementations)
    func anEventIsFoundByAnyIdItNames(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let body = #"{"id":"evt_find","data":{"object":{"id":"in_find","customer":"cus_find"}}}"#
        _ = try await store.receive(
            IncomingEvent(
                provider: "stripe", envelope: EventEnvelope(id: "evt_find", type: "invoice.paid", occurredAt: nil), body: Array(body.utf8),
                headers: [:], receivedAt: Date()))
        let event = try #require(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 1).first)
        let call = FirstPromoterCall(endpoint: .sale, eventID: "fp_find", parameters: [FormField("uid", "uid_find")])
        // The ids its mapping carried; the event's own id and its calls' come with it.
        try await store.recordMapping(
            of: event, facts: [], deliveries: [.call(call)], reads: [], ids: ["in_find", "cus_find", "uid_find"], at: Date())
        for id in ["evt_find", "in_find", "cus_find", "fp_find", "uid_find"] {
            #expect(try await store.events(mentioning: id, limit: 10).map(\.eventID) == ["evt_find"], "\(id)")
        }
        #expect(try await store.events(mentioning: "in_fin", limit: 10).isEmpty)
        // The operator's search finds it by any of them too.
        #expect(try await store.events(EventQuery(text: "cus_find")).map(\.eventID) == ["evt_find"])
    }

    /// Work is claimed, not just read: two workers never hold one delivery; a claim that ran out
    /// (its worker died) is taken over; and only the current holder writes a result.
    @Test(arguments: implementations)
    func deliveriesAreClaimedWithALease(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for id in ["in_a", "in_b", "in_c"] { try await queueSale(id, in: store) }
        let now = Date()
        // Leases run on the store's clock, not the caller's: w1's runs out for real.
        let first = try await store.claimDueDeliveries(owner: "w1", at: now, lease: Self.shortLease, limit: 2)
        let second = try await store.claimDueDeliveries(owner: "w2", at: now, lease: .seconds(60), limit: 10)
        #expect(first.count == 2 && second.count == 1)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        #expect(try await store.claimDueDeliveries(owner: "w3", at: now.addingTimeInterval(3600), lease: .seconds(30), limit: 10).isEmpty)
        // Claimed work is not due for anyone else until the lease runs out.
        #expect(try await store.nextDueDate().map { $0 > now.addingTimeInterval(1) } == true)

        // w1 dies; after its lease, w3 takes its deliveries over, and w1's late result is refused.
        try await Task.sleep(for: Self.shortLease * 2)
        let takenOver = try await store.claimDueDeliveries(owner: "w3", at: Date(), lease: .seconds(30), limit: 10)
        #expect(Set(takenOver.map(\.id)) == Set(first.map(\.id)))
        let late = try #require(first.first?.id)
        await #expect(throws: ClaimLost.self) {
            try await store.update(delivery: late, .delivered(.tracked, httpStatus: 200, response: "{}"), record: Self.record, owner: "w1", at: Date())
        }
        try await store.update(delivery: late, .delivered(.tracked, httpStatus: 200, response: "{}"), record: Self.record, owner: "w3", at: Date())
        #expect(try await store.deliveries(status: .delivered, limit: 10).map(\.id) == [late])
        // Written once: the claim is released with the result.
        await #expect(throws: ClaimLost.self) {
            try await store.update(delivery: late, .delivered(.tracked, httpStatus: 200, response: "{}"), record: Self.record, owner: "w3", at: Date())
        }
    }
}

extension StoreContractTests {
    /// Two replicas on one store share one pace: whichever reserves, slots are `interval` apart,
    /// and a 429's hold-off holds both.
    @Test(arguments: implementations)
    func theRateBudgetIsSharedThroughTheStore(_ implementation: Implementation) async throws {
        let (first, reopen) = try await implementation.open()
        let second = try await reopen()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var slots: [Date] = []
        for store in [first, second, first, second] {
            slots.append(try await store.reserveSlot("firstpromoter", interval: .milliseconds(250), now: now))
        }
        #expect(slots.map { $0.timeIntervalSince(now) } == [0, 0.25, 0.5, 0.75])
        try await second.holdOff("firstpromoter", until: now.addingTimeInterval(60))
        #expect(try await first.reserveSlot("firstpromoter", interval: .milliseconds(250), now: now) == now.addingTimeInterval(60))
        // A later clock is never given an earlier slot, and other budgets are apart.
        #expect(try await first.reserveSlot("other", interval: .seconds(1), now: now) == now)
        // A worker back late takes an unused slot, ten at most back (`PaceRule`), in either store.
        _ = try await first.reserveSlot("late", interval: .milliseconds(250), now: now)
        let late = try await second.reserveSlot("late", interval: .milliseconds(250), now: now.addingTimeInterval(5))
        #expect(late == now.addingTimeInterval(2.5))
    }
}

extension StoreContractTests {
    @Test(arguments: implementations)
    func theStoreSurvivesReopening(_ implementation: Implementation) async throws {
        let (store, reopen) = try await implementation.open()
        _ = try await store.receive(incoming("evt_kept"))
        let reopened = try await reopen()
        #expect(try await reopened.events(in: .received, limit: 10).map(\.eventID) == ["evt_kept"])
    }
}

extension StoreContractTests {
    /// Mapper workers claim events as forwarder workers claim deliveries.
    @Test(arguments: implementations)
    func eventsAreClaimedWithALease(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for id in ["evt_1", "evt_2", "evt_3"] { _ = try await store.receive(incoming(id)) }
        let now = Date()
        let first = try await store.claimEventsToMap(owner: "m1", at: now, lease: Self.shortLease, limit: 2)
        let second = try await store.claimEventsToMap(owner: "m2", at: now, lease: .seconds(60), limit: 10)
        #expect(first.map(\.eventID) == ["evt_1", "evt_2"] && second.map(\.eventID) == ["evt_3"])
        // A caller whose clock runs ahead takes nothing: the lease is the store's.
        #expect(try await store.claimEventsToMap(owner: "m3", at: now.addingTimeInterval(3600), lease: .seconds(30), limit: 10).isEmpty)
        // m1 dies; m3 takes its events over after the lease, and m1's late result is refused.
        try await Task.sleep(for: Self.shortLease * 2)
        let takenOver = try await store.claimEventsToMap(owner: "m3", at: Date(), lease: .seconds(30), limit: 10)
        #expect(takenOver.map(\.eventID) == ["evt_1", "evt_2"])
        await #expect(throws: ClaimLost.self) {
            try await store.recordMapping(of: first[0], facts: [], deliveries: [.ignored(reason: "late")], at: Date())
        }
        try await store.recordMapping(of: takenOver[0], facts: [], deliveries: [.ignored(reason: "on time")], at: Date())
        #expect(try await store.events(in: .mapped, limit: 10).map(\.eventID) == ["evt_1"])
    }

    /// Resolution and commit are one step: what a resolution read is checked when its result is
    /// committed, so two workers cannot both spend the same refunded total.
    @Test(arguments: implementations)
    func aResolutionWhoseMemoryChangedIsNotCommitted(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for id in ["evt_a", "evt_b"] { _ = try await store.receive(incoming(id)) }
        let events = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10)
        // Both read the refunded total while it is 0.
        let readsA = MemoryReads()
        let readsB = MemoryReads()
        #expect(try await store.memory(for: "stripe", noting: readsA).refundedTotal(paymentID: "ch_1") == nil)
        #expect(try await store.memory(for: "stripe", noting: readsB).refundedTotal(paymentID: "ch_1") == nil)
        // A commits first; B's resolution was made on a total that is no longer so.
        try await store.recordMapping(
            of: events[0], facts: [.refundedTotal(paymentID: "ch_1", total: 500)], deliveries: [], reads: readsA.all, at: Date())
        await #expect(throws: MemoryChanged.self) {
            try await store.recordMapping(
                of: events[1], facts: [.refundedTotal(paymentID: "ch_1", total: 500)], deliveries: [], reads: readsB.all, at: Date())
        }
        // Nothing of B's was written: its event is still to map.
        #expect(try await store.events(in: .mapped, limit: 10).map(\.eventID) == ["evt_a"])
    }

    /// A wait is a resolution too: a fact written while the event was being resolved would find
    /// it not yet waiting and never wake it, so the wait is refused and the event resolved again.
    @Test(arguments: implementations)
    func aWaitDecidedOnMemoryThatChangedIsNotRecorded(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for id in ["evt_sale", "evt_refund"] { _ = try await store.receive(incoming(id)) }
        let events = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10)
        let refundReads = MemoryReads()
        #expect(try await store.memory(for: "stripe", noting: refundReads).refundedTotal(paymentID: "ch_1") == nil)
        try await store.recordMapping(
            of: events[0], facts: [.refundedTotal(paymentID: "ch_1", total: 500)], deliveries: [], reads: [], at: Date())
        await #expect(throws: MemoryChanged.self) {
            try await store.recordWait(
                of: events[1], reason: "for a test", until: Date().addingTimeInterval(3600), keys: ["refunded:ch_1"],
                reads: refundReads.all, at: Date())
        }
        #expect(try await store.events(in: .waiting, limit: 10).isEmpty)
        #expect(try await store.deliveries(status: .held, limit: 10).isEmpty)
    }

    /// Closing at shutdown: a commit already queued finishes, a later write is refused with
    /// `StoreClosed`, and what was committed is there when the storage is opened again.
    @Test(arguments: implementations)
    func aClosedStoreRefusesWritesAndKeepsWhatItCommitted(_ implementation: Implementation) async throws {
        let (store, reopen) = try await implementation.open()
        let queued = Task { try await store.receive(incoming("evt_before_close")) }
        _ = try await queued.value
        try await store.close()
        await #expect(throws: StoreClosed.self) { try await store.receive(self.incoming("evt_after_close")) }
        let again = try await reopen()
        #expect(try await again.events(in: .received, limit: 10).map(\.eventID) == ["evt_before_close"])
    }

    /// Migrating is explicit and idempotent: a second run applies nothing.
    @Test(arguments: implementations)
    func migratingTwiceAppliesNothingTheSecondTime(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        #expect(try await store.migrate().isEmpty)
    }

    /// Dead letters are replayed all at once, or by provider and time range.
    @Test(arguments: implementations)
    func deadLettersAreReplayedByProviderAndTimeRange(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let call = { (id: String) in FirstPromoterCall(endpoint: .sale, eventID: id, parameters: []) }
        for (provider, id) in [("stripe", "evt_s"), ("paddle", "evt_p")] {
            _ = try await store.receive(
                IncomingEvent(
                    provider: ProviderID(rawValue: provider), envelope: EventEnvelope(id: id, type: "x", occurredAt: nil),
                    body: Array("{}".utf8), headers: [:], receivedAt: Date()))
        }
        for event in try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 10) {
            try await store.recordMapping(of: event, facts: [], deliveries: [.call(call("sale_\(event.eventID)"))], at: Date())
        }
        for delivery in try await store.claimDueDeliveries(owner: "w", at: Date(), lease: .seconds(30), limit: 10) {
            try await store.update(
                delivery: delivery.id, .dead(httpStatus: 422, reason: "HTTP 422", response: nil), record: Self.record, owner: "w", at: Date())
        }
        let tomorrow = Date().addingTimeInterval(86_400)
        #expect(try await store.requeueDead(provider: "stripe", since: tomorrow, until: nil, by: "t", at: Date()) == 0)
        #expect(try await store.requeueDead(provider: "stripe", since: nil, until: tomorrow, by: "t", at: Date()) == 1)
        #expect(try await store.deliveries(status: .dead, limit: 10).map(\.provider) == ["paddle"])
        #expect(try await store.requeueDead(by: "t", at: Date()) == 1)
        #expect(try await store.deliveries(status: .dead, limit: 10).isEmpty)
    }
}

extension StoreContractTests {
    /// Mappings committed together (one group commit) are decided one after the other, as if
    /// committed alone: of twelve that read the same refunded total and spend it, one commits and
    /// the others must resolve again; of twelve that queue the same call, one queues it and the
    /// others are told it was queued once.
    @Test(arguments: implementations)
    func mappingsCommittedTogetherAreDecidedInTurn(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        for index in 0..<24 { _ = try await store.receive(incoming("evt_together_\(index)")) }
        let events = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 30)
        #expect(events.count == 24)
        var noted: [[MemoryRead]] = []
        for _ in events {
            let reads = MemoryReads()
            #expect(try await store.memory(for: "stripe", noting: reads).refundedTotal(paymentID: "ch_together") == nil)
            noted.append(reads.all)
        }
        let reads = noted
        let outcomes = await withTaskGroup(of: (Int, String).self) { group in
            for (index, event) in events.enumerated() {
                group.addTask {
                    do {
                        if index < 12 {
                            try await store.recordMapping(
                                of: event, facts: [.refundedTotal(paymentID: "ch_together", total: 500)], deliveries: [],
                                reads: reads[index], at: Date())
                        } else {
                            let call = FirstPromoterCall(endpoint: .sale, eventID: "in_together", parameters: [])
                            try await store.recordMapping(of: event, facts: [], deliveries: [.call(call)], at: Date())
                        }
                        return (index, "committed")
                    } catch is MemoryChanged {
                        return (index, "memory changed")
                    } catch {
                        return (index, "\(error)")
                    }
                }
            }
            return await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        let spenders = (0..<12).compactMap { outcomes[$0] }
        #expect(spenders.filter { $0 == "committed" }.count == 1)
        #expect(spenders.filter { $0 == "memory changed" }.count == 11)
        #expect((12..<24).allSatisfy { outcomes[$0] == "committed" })
        #expect(try await store.memory(for: "stripe").refundedTotal(paymentID: "ch_together") == 500)
        let queued = try await store.deliveries(status: .pending, limit: 100)
        #expect(queued.map(\.call?.eventID) == ["in_together"])
        let told = try await store.deliveries(status: .ignored, limit: 100)
        #expect(told.count == 11)
        #expect(told.allSatisfy { ($0.outcome ?? "").contains("delivery \(queued.first?.id ?? -1)") })
        #expect(try await store.events(in: .mapped, limit: 100).count == 13)
    }
}

extension StoreContractTests {
    /// Webhooks stored together (one group commit): each distinct one once, with its own body and
    /// headers, and a webhook that arrives several times at once stored once, the others told it
    /// is a duplicate of that row.
    @Test(arguments: implementations)
    func webhooksStoredTogetherAreEachStoredOnce(_ implementation: Implementation) async throws {
        let store = try await implementation.open().store
        let arrivals = (0..<16).map { index in
            index.isMultiple(of: 2)
                ? IncomingEvent(
                    provider: "stripe", envelope: EventEnvelope(id: "evt_twice", type: "invoice.paid", occurredAt: nil),
                    body: Array("{\"copy\":\(index)}".utf8), headers: ["Copy": "\(index)"], receivedAt: Date())
                : IncomingEvent(
                    provider: "stripe", envelope: EventEnvelope(id: "evt_once_\(index)", type: "invoice.paid", occurredAt: nil),
                    body: Array("{\"once\":\(index)}".utf8), headers: ["Once": "\(index)"], receivedAt: Date())
        }
        let results = try await withThrowingTaskGroup(of: (Int, ReceiveResult).self) { group in
            for (index, event) in arrivals.enumerated() { group.addTask { (index, try await store.receive(event)) } }
            return try await group.reduce(into: [Int: ReceiveResult]()) { $0[$1.0] = $1.1 }
        }
        let copies = stride(from: 0, to: 16, by: 2).compactMap { results[$0] }
        let storedCopies = copies.filter { if case .stored = $0 { true } else { false } }
        #expect(storedCopies.count == 1)
        if case .stored(let row)? = storedCopies.first {
            #expect(copies.allSatisfy { $0 == .stored(eventRow: row) || $0 == .duplicate(eventRow: row) })
        }
        let stored = try await store.events(in: .received, limit: 100)
        #expect(stored.count == 9)
        for index in stride(from: 1, to: 16, by: 2) {
            let event = try #require(stored.first { $0.eventID == "evt_once_\(index)" })
            #expect(results[index] == .stored(eventRow: event.row))
            #expect(event.body == Array("{\"once\":\(index)}".utf8))
            #expect(event.headers == ["Once": "\(index)"])
        }
    }
}
