import BridgeCore
import BridgeService
import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing

/// What only the PostgreSQL store has to show: durable commits whatever the server's default,
/// replicas that start, store and claim together, and errors that name the server, never the
/// password. Needs `POSTGRES_TEST_URL`; without it, every test here says it is skipped.
@Suite(.enabled(if: PostgresTestDatabase.url != nil, PostgresTestDatabase.skipped))
struct PostgresStoreTests {
    let logger = Logger(label: "postgres-test")

    func incoming(_ id: String) -> IncomingEvent {
        IncomingEvent(
            provider: "stripe", envelope: EventEnvelope(id: id, type: "invoice.paid", occurredAt: nil), body: Array("{}".utf8),
            headers: [:], receivedAt: Date())
    }

    /// A 200 follows a durable commit even on a server whose default is `synchronous_commit = off`
    /// (some managed databases offer it): the store sets it on its own connections.
    @Test func commitsAreSynchronousWhateverTheServersDefault() async throws {
        let location = try await PostgresTestDatabase.fresh()
        try await PostgresTestDatabase.execute("ALTER ROLE \(location.user) SET synchronous_commit = off", in: location)
        let store = try PostgresBridgeStore(location, logger: logger)
        _ = try await store.migrate()
        let level = try await store.synchronousCommit()
        try await PostgresTestDatabase.execute("ALTER ROLE \(location.user) RESET synchronous_commit", in: location)
        #expect(level == "on")
        try await store.close()
    }

    /// Replicas that start together on a new database migrate it once.
    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let location = try await PostgresTestDatabase.fresh()
        let stores = try (0..<3).map { _ in try PostgresBridgeStore(location, logger: logger) }
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for store in stores { group.addTask { try await store.migrate() } }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        #expect(applied.filter { !$0.isEmpty }.count == 1)
        #expect(applied.flatMap { $0 } == ["v1", "v2", "v3"])
        for store in stores { try await store.close() }
    }

    /// The same webhook delivered to two replicas at once is stored once: unique keys decide,
    /// never a read before the write.
    @Test func oneWebhookSentToTwoReplicasAtOnceIsStoredOnce() async throws {
        let (first, location) = try await PostgresTestDatabase.store()
        let second = try PostgresBridgeStore(location, logger: logger)
        let results = try await withThrowingTaskGroup(of: ReceiveResult.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.receive(incoming("evt_race_\(index / 4)")) }
            }
            return try await group.reduce(into: [ReceiveResult]()) { $0.append($1) }
        }
        let stored = results.filter { if case .stored = $0 { true } else { false } }
        #expect(stored.count == 10)
        #expect(try await first.events(in: .received, limit: 100).count == 10)
        try await first.close()
        try await second.close()
    }

    /// A claim rewrites no index entry: `claimed_by` and `claim_until` are in no index, and each
    /// page keeps room for the new row version (fillfactor 70), so the claim is a HOT update. Read
    /// from the server's statistics, which a backend reports when it ends (the store is closed).
    @Test func claimingAnEventIsAHeapOnlyUpdate() async throws {
        let (store, location) = try await PostgresTestDatabase.store()
        _ = try await store.receive(incoming("evt_hot"))
        #expect(try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 1).count == 1)
        try await store.close()
        let table = "relname = 'events' AND schemaname = '\(location.schema ?? "")'"
        var updated: Int64 = 0
        for _ in 0..<300 where updated == 0 {
            updated = try await PostgresTestDatabase.integer("SELECT n_tup_upd FROM pg_stat_user_tables WHERE \(table)", in: location) ?? 0
            if updated == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(updated == 1)
        #expect(try await PostgresTestDatabase.integer("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE \(table)", in: location) == 1)
    }

    /// Workers on two replicas claiming at once never hold one delivery together.
    @Test func claimsOnTwoReplicasNeverOverlap() async throws {
        let (first, location) = try await PostgresTestDatabase.store()
        let second = try PostgresBridgeStore(location, logger: logger)
        for index in 0..<60 { _ = try await first.receive(incoming("evt_claim_\(index)")) }
        for event in try await first.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 100) {
            let call = FirstPromoterCall(endpoint: .sale, eventID: "in_\(event.eventID)", parameters: [])
            try await first.recordMapping(of: event, facts: [], deliveries: [.call(call)], at: Date())
        }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<8 {
                let store = worker.isMultiple(of: 2) ? first : second
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try await store.claimDueDeliveries(owner: "w\(worker)", at: Date(), lease: .seconds(30), limit: 3)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                        // Sent: the result releases the claim, as the forwarder's does.
                        for delivery in batch {
                            try await store.update(
                                delivery: delivery.id, .delivered(.tracked, httpStatus: 200, response: "{}"),
                                record: CallRecord(url: "http://fp.test", startedAt: Date(), durationMilliseconds: 1), owner: "w\(worker)",
                                at: Date())
                        }
                    }
                }
            }
            return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
        }
        let all = claimed.flatMap { $0 }
        #expect(all.count == 60 && Set(all).count == 60)
        #expect(claimed.filter { !$0.isEmpty }.count > 1, "the work was shared")
        try await first.close()
        try await second.close()
    }

    /// A replica's workers wake when another replica stores an event or queues a call: NOTIFY
    /// reaches the other's LISTEN.
    @Test func anotherReplicasWorkWakesThisOne() async throws {
        let (first, location) = try await PostgresTestDatabase.store()
        let second = try PostgresBridgeStore(location, logger: logger)
        let woken = Mutex<[WorkQueue]>([])
        let listening = Task { try await first.listenForWork { queue in woken.withLock { $0.append(queue) } } }
        // On (re)connecting it wakes both, for work stored while it was not listening.
        try await BridgeHarness.eventually("the listener is connected") { woken.withLock { $0.count >= 2 } }
        woken.withLock { $0 = [] }
        _ = try await second.receive(incoming("evt_wake"))
        try await BridgeHarness.eventually("the inbox is rung") { woken.withLock { $0.contains(.inbox) } }
        let event = try #require(try await second.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 1).first)
        try await second.recordMapping(
            of: event, facts: [], deliveries: [.call(FirstPromoterCall(endpoint: .sale, eventID: "in_wake", parameters: []))], at: Date())
        try await BridgeHarness.eventually("the outbox is rung") { woken.withLock { $0.contains(.outbox) } }
        listening.cancel()
        _ = await listening.result
        try await first.close()
        try await second.close()
    }

    /// `sslmode` as libpq reads it, against a server with TLS on: `disable` is plain, `require`
    /// encrypts without checking, `verify-full` checks the certificate against `sslrootcert` and
    /// the host name, and refuses a certificate the trust store does not know, naming why.
    @Test(.enabled(if: PostgresTestDatabase.certificate != nil, "POSTGRES_TEST_CA is not set: TLS tests skipped"))
    func tlsModesAsLibpqReadsThem() async throws {
        let base = try await PostgresTestDatabase.fresh()
        func store(_ mode: PostgresLocation.SSLMode, host: String = "127.0.0.1", root: String? = nil) throws -> PostgresBridgeStore {
            var location = base
            location.host = host
            location.sslMode = mode
            location.sslRootCertificate = root
            return try PostgresBridgeStore(location, logger: logger)
        }
        for (mode, encrypted) in [(PostgresLocation.SSLMode.disable, false), (.prefer, true), (.require, true)] {
            let plain = try store(mode)
            _ = try await plain.migrate()
            #expect(try await plain.usesTLS() == encrypted, "\(mode)")
            try await plain.close()
        }
        let verified = try store(.verifyFull, host: "localhost", root: PostgresTestDatabase.certificate)
        _ = try await verified.migrate()
        #expect(try await verified.usesTLS())
        try await verified.close()
        // The system's trust store does not know the test server's own certificate.
        let untrusted = try store(.verifyFull, host: "localhost")
        do {
            _ = try await untrusted.migrate()
            Issue.record("a certificate no CA signed was trusted")
        } catch {
            #expect("\(error)".lowercased().contains("certificate"), "\(error)")
        }
        try await untrusted.close()
    }

    /// Unreachable, a wrong password, a missing database: each named with the server, never
    /// with the password.
    @Test func connectionFailuresNameTheServerNotThePassword() async throws {
        let location = try await PostgresTestDatabase.fresh()
        var unreachable = location
        unreachable.port = 1
        var wrongPassword = location
        wrongPassword.password = "not-the-password-\(UUID().uuidString.prefix(6))"
        var missing = location
        missing.database = "no_such_database_here"
        for (candidate, expected) in [
            (unreachable, "127.0.0.1:1"), (wrongPassword, "password authentication failed"), (missing, "does not exist"),
        ] {
            let store = try PostgresBridgeStore(candidate, logger: logger)
            do {
                _ = try await store.migrate()
                Issue.record("\(candidate) migrated")
            } catch {
                let text = "\(error)"
                #expect(text.contains(candidate.host) && text.contains(expected), "\(text)")
                #expect(!text.contains(candidate.password ?? "-"), "\(text)")
            }
            try await store.close()
        }
    }

    /// `migrate-store`: a SQLite store's events, deliveries, attempts, memory and ids are copied
    /// id for id; run again, it copies only what is new; the copy then goes on as a store.
    @Test func aSQLiteStoreIsCopiedWholeAndTheCopyResumes() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
        let source = try SQLiteBridgeStore(path: path)
        let reference = PaymentReference(kind: "charge", id: "ch_copy")
        for index in 0..<7 {
            _ = try await source.receive(incoming("evt_copy_\(index)"))
        }
        for event in try await source.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 5) {
            let call = FirstPromoterCall(endpoint: .sale, eventID: "in_\(event.eventID)", parameters: [FormField("uid", "cus_copy")])
            try await source.recordMapping(
                of: event, facts: [.salePaidBy(reference, saleEventID: "in_\(event.eventID)"), .refundedTotal(paymentID: "ch_copy", total: 300)],
                deliveries: [.call(call)], reads: [], ids: ["cus_copy"], at: Date())
        }
        let claimed = try await source.claimDueDeliveries(owner: "w", at: Date(), lease: .seconds(30), limit: 2)
        for delivery in claimed {
            try await source.update(
                delivery: delivery.id, .dead(httpStatus: 422, reason: "HTTP 422", response: "{}"),
                record: CallRecord(url: "http://fp.test", startedAt: Date(), durationMilliseconds: 3), owner: "w", at: Date())
        }
        let backfill = ImportRun(
            provider: "stripe", kind: .backfill, since: Date(timeIntervalSince1970: 1_763_856_000), until: Date(timeIntervalSince1970: 1_764_115_200),
            doneUntil: Date(timeIntervalSince1970: 1_763_942_400), events: 3, imported: 3, startedAt: Date(timeIntervalSince1970: 1_764_000_000),
            updatedAt: Date(timeIntervalSince1970: 1_764_000_000), stopped: "stopped")
        try await source.recordImportRun(backfill)
        let location = try await PostgresTestDatabase.fresh()
        let destination = try PostgresBridgeStore(location, logger: logger)
        _ = try await destination.migrate()
        var copier = StoreCopier(from: source, to: destination)
        copier.batch = 3
        let seen = Mutex<[String]>([])
        try await copier.copy { progress in seen.withLock { $0.append("\(progress.table) \(progress.copied)/\(progress.total)") } }
        #expect(seen.withLock { $0 }.contains("events 7/7") && seen.withLock { $0 }.contains("attempts 2/2"))
        #expect(try await destination.latestImportRuns() == [backfill])

        let sourceEvents = try await source.events(EventQuery(limit: 100))
        let copiedEvents = try await destination.events(EventQuery(limit: 100))
        #expect(copiedEvents.map(\.row) == sourceEvents.map(\.row) && copiedEvents.map(\.eventID) == sourceEvents.map(\.eventID))
        #expect(copiedEvents.map(\.body) == sourceEvents.map(\.body) && copiedEvents.map(\.state) == sourceEvents.map(\.state))
        let sourceDeliveries = try await source.deliveries(status: nil, limit: 100)
        #expect(try await destination.deliveries(status: nil, limit: 100).map(\.id) == sourceDeliveries.map(\.id))
        #expect(try await destination.attempts(ofDelivery: claimed[0].id) == (try await source.attempts(ofDelivery: claimed[0].id)))
        #expect(try await destination.memory(for: "stripe").refundedTotal(paymentID: "ch_copy") == 300)
        #expect(try await destination.events(mentioning: "cus_copy", limit: 10).count == 5)

        // More arrives before the switch: a second run copies only that.
        _ = try await source.receive(incoming("evt_copy_late"))
        seen.withLock { $0 = [] }
        try await copier.copy { progress in seen.withLock { $0.append("\(progress.table) \(progress.copied)/\(progress.total)") } }
        #expect(seen.withLock { $0 }.contains("events 8/8"))
        #expect(try await destination.events(EventQuery(limit: 100)).count == 8)
        // The copy is a store: new rows take ids after the copied ones.
        guard case .stored(let row) = try await destination.receive(incoming("evt_after_switch")) else {
            Issue.record("not stored"); return
        }
        #expect(row > sourceEvents.map(\.row).max() ?? 0)
        try await destination.close()
    }

    /// A destination that holds another store's rows is refused: ids would collide.
    @Test func aCopyIntoAnotherStoresDatabaseIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
        let source = try SQLiteBridgeStore(path: path)
        _ = try await source.receive(incoming("evt_mine"))
        let (destination, _) = try await PostgresTestDatabase.store()
        _ = try await destination.receive(incoming("evt_theirs"))
        await #expect(throws: StoreCopyError.self) { try await StoreCopier(from: source, to: destination).copy { _ in } }
        try await destination.close()
    }
}

extension PostgresStoreTests {
    /// Mappings committed together fail alone: a statement of the batch that fails for one of
    /// them (here a trigger refusing one call, as a constraint would) sends the batch to be
    /// committed one by one, and the others are mapped all the same.
    @Test func oneMappingThatFailsInABatchFailsAlone() async throws {
        let (store, location) = try await PostgresTestDatabase.store()
        let schema = location.schema ?? "public"
        try await PostgresTestDatabase.execute(
            """
            CREATE FUNCTION \(schema).refuse_bad() RETURNS trigger AS $$ BEGIN
                IF NEW.fp_event_id = 'in_bad' THEN RAISE EXCEPTION 'refused in_bad'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
            """, in: location)
        try await PostgresTestDatabase.execute(
            "CREATE TRIGGER refuse_bad BEFORE INSERT ON \(schema).deliveries FOR EACH ROW EXECUTE FUNCTION \(schema).refuse_bad()",
            in: location)
        let names = (0..<12).map { $0 == 7 ? "bad" : "good_\($0)" }
        for name in names { _ = try await store.receive(incoming("evt_\(name)")) }
        let events = try await store.claimEventsToMap(owner: "m", at: Date(), lease: .seconds(30), limit: 100)
        #expect(events.count == names.count)
        // All at once, so that they are committed together.
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for event in events {
                group.addTask {
                    let call = FirstPromoterCall(endpoint: .sale, eventID: "in_\(event.eventID.dropFirst(4))", parameters: [])
                    do {
                        try await store.recordMapping(of: event, facts: [], deliveries: [.call(call)], at: Date())
                        return (event.eventID, true)
                    } catch {
                        return (event.eventID, false)
                    }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.filter { !$0.value }.map(\.key) == ["evt_bad"])
        #expect(try await store.events(in: .mapped, limit: 100).count == names.count - 1)
        #expect(try await store.deliveries(status: .pending, limit: 100).count == names.count - 1)
        try await store.close()
    }
}
