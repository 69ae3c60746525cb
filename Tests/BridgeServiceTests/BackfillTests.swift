import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TestFixtures
import Testing

/// `backfill` against a fake Stripe API on loopback, into the real store, then delivered by the
/// real service: each listed event stored once, as its webhook would have been.
@Suite struct BackfillTests {
    static let key = "rk_test_backfill_key_123"
    /// The Stripe fixtures' events are all of 2025-11-24T16:00:05Z.
    static let window = try! BackfillWindow(since: day(23), until: day(26))

    /// Midnight UTC of a day of November 2025.
    static func day(_ day: Int) -> Date { Date(timeIntervalSince1970: 1_763_856_000 + Double(day - 23) * 86_400) }
    static let fixtures = [
        "invoice.paid.basil-tax-discount", "invoice_payment.paid", "charge.refunded.basil-linked", "customer.subscription.deleted",
        "customer.updated.referral",
    ]

    static func run(
        _ api: FakeStripeAPI, port: Int, inbox: (any BridgeStore)?, window: BackfillWindow = window, timeoutSeconds: Int = 5,
        attempts: Int = 4, sleeps: SleepLog = SleepLog()
    ) -> BackfillRun {
        let listing = StripeEventListing(key: key, baseURL: "http://127.0.0.1:\(port)")
        let provider = StripeProvider.definition.make(ProviderCredentials())
        var run = BackfillRun(
            listing: listing, provider: provider, window: window, eventTypes: StripeMapper.schema.defaults.events.values.flatMap { $0 },
            fetcher: ProviderAPIClient(timeoutSeconds: timeoutSeconds), inbox: inbox)
        run.attempts = attempts
        run.firstBackoff = .milliseconds(10)
        run.sleep = { duration in sleeps.durations.withLock { $0.append(duration) } }
        run.now = { day(27) }
        return run
    }

    @Test func eachEventIsStoredOnceAndDeliveredAsItsWebhookWouldBe() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let first = try await Self.run(api, port: server.port!, inbox: harness.store).run(progress: { _ in })
            #expect(first.events == 5 && first.imported == 5 && first.duplicates == 0, "\(first)")
            // Three days; the 24th holds the five events, two a page.
            #expect(first.pages == 5, "\(first)")
            // The same command again: the window was read whole, nothing is asked or imported.
            let asked = api.requests.count
            let again = try await Self.run(api, port: server.port!, inbox: harness.store).run(progress: { _ in })
            #expect(again.events == 0 && again.imported == 0 && again.pages == 0, "\(again)")
            let said = Mutex<[String]>([])
            _ = try await Self.run(api, port: server.port!, inbox: harness.store).run(progress: { line in said.withLock { $0.append(line) } })
            #expect(said.withLock { $0 } == ["nothing to read: an earlier run with this --since stored every day up to 2025-11-26T00:00:00Z"])
            #expect(api.requests.count == asked)
            let recorded = try #require(try await harness.store.latestImportRuns().first)
            #expect(recorded.isDone && recorded.imported == 5 && recorded.events == 5, "\(recorded)")
            // Another window over the same days: every event is already stored.
            let overlapping = try await Self.run(
                api, port: server.port!, inbox: harness.store, window: try BackfillWindow(since: Self.day(24), until: Self.day(25))
            ).run(progress: { _ in })
            #expect(overlapping.imported == 0 && overlapping.duplicates == 5, "\(overlapping)")

            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                // The webhook for an imported event is a duplicate.
                let webhook = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
                #expect(webhook.text.contains(#""status":"duplicate""#), "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        let requests = api.requests
        #expect(requests.allSatisfy { $0.authorization == "Bearer \(Self.key)" })
        #expect(requests.allSatisfy { $0.path == "/v1/events" })
        let types = Set(requests[0].query.filter { $0.name == "types[]" }.compactMap(\.value))
        #expect(types.isSuperset(of: ["invoice.paid", "charge.refunded", "customer.subscription.deleted", "invoice_payment.paid", "customer.updated"]))
        #expect(requests[0].query.contains(URLQueryItem(name: "created[gte]", value: "1763856000")))
        #expect(requests[0].query.contains(URLQueryItem(name: "created[lt]", value: "1763942400")))
        let calls = firstPromoter.calls
        let sale = try #require(calls.firstIndex { $0.path == "/api/v1/track/sale" && $0.body.contains("event_id=in_1BasilTax") }, "\(calls.map(\.body))")
        let refund = try #require(calls.firstIndex { $0.path == "/api/v1/track/refund" })
        #expect(sale < refund)
        #expect(calls[refund].body.contains("event_id=ch_1BasilTax-refunded-4800&amount=4000&currency=USD&sale_event_id=in_1BasilTax"))
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" })
    }

    /// A day's events are stored in the order they happened, though the API lists newest first.
    @Test func aDryRunStoresNothingAndPreviewsInTimeOrder() async throws {
        let harness = try await BridgeHarness()
        let events = [300, 100, 200].map { created in
            Array(#"{"id":"evt_\#(created)","object":"event","type":"customer.created","created":\#(1_764_000_000 + created),"livemode":true,"data":{"object":{"id":"cus_\#(created)","object":"customer","email":"c\#(created)@example.com","metadata":{}}}}"#.utf8)
        }
        let api = try FakeStripeAPI(events: events)
        let previewed = Mutex<[String]>([])
        try await api.application.test(.live) { server in
            let summary = try await Self.run(api, port: server.port!, inbox: nil).run(progress: { _ in }) { listed in
                previewed.withLock { $0.append(listed.envelope.id) }
            }
            #expect(summary.events == 3 && summary.imported == 0)
        }
        #expect(previewed.withLock { $0 } == ["evt_100", "evt_200", "evt_300"])
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }

    /// A dry run with a store to ask says which events are in it already (a real run would skip them).
    @Test func aDryRunComparedWithTheStoreMarksWhatItHas() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        let marked = Mutex<[String: Bool]>([:])
        try await api.application.test(.live) { server in
            let oneDay = try BackfillWindow(since: Self.day(24), until: Self.day(25))
            // The invoice alone is stored, as its webhook would have been.
            _ = try await harness.store.receive(
                IncomingEvent(
                    provider: "stripe", envelope: try StripeMapper().envelope(of: try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json")),
                    body: try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json"), headers: [:], receivedAt: Date()))
            var dry = Self.run(api, port: server.port!, inbox: nil, window: oneDay)
            dry.comparedWith = harness.store
            let summary = try await dry.run(progress: { _ in }) { listed in marked.withLock { $0[listed.envelope.id] = listed.alreadyStored } }
            #expect(summary.events == 5 && summary.duplicates == 1 && summary.imported == 0, "\(summary)")
        }
        let stored = marked.withLock { $0.filter(\.value).map(\.key) }
        #expect(stored.count == 1 && marked.withLock { $0.count } == 5, "\(marked.withLock { $0 })")
        #expect(try await harness.store.events(in: .received, limit: 10).count == 1)
    }

    @Test func rateLimitsAreWaitedForAndAnOutageStopsSayingWhereThenTheSameRunGoesOn() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        let sleeps = SleepLog()
        try await api.application.test(.live) { server in
            // The 23rd: a 429 with Retry-After, then its page; the 24th: page 1, then 503 four times.
            api.queue(.status(429, retryAfter: "7"), .pass, .pass, .status(503), .status(503), .status(503), .status(503))
            do {
                _ = try await Self.run(api, port: server.port!, inbox: harness.store, sleeps: sleeps).run(progress: { _ in })
                Issue.record("an outage did not stop the run")
            } catch let stopped as BackfillStopped {
                #expect(stopped.request.page == 2, "\(stopped)")
                #expect(stopped.description.contains("HTTP 503"), "\(stopped)")
                #expect(stopped.description.contains("4 times"), "\(stopped)")
                #expect(stopped.summary.pages == 2, "\(stopped)")
                #expect(stopped.description.contains("run the same command again"), "\(stopped)")
            }
            #expect(sleeps.durations.withLock { $0.first } == .seconds(7), "\(sleeps.durations.withLock { $0 })")
            // A day is stored whole or not at all; the run's record says where it stopped and why.
            #expect(try await harness.store.events(EventQuery(provider: "stripe", limit: 20)).isEmpty)
            let stopped = try #require(try await harness.store.importRun(provider: "stripe", kind: .backfill, since: Self.day(23)))
            #expect(stopped.doneUntil == Self.day(24) && stopped.stopped?.contains("HTTP 503") == true, "\(stopped)")
            // The same command goes on from the 24th, not the 23rd.
            let asked = api.requests.count
            let said = Mutex<[String]>([])
            let done = try await Self.run(api, port: server.port!, inbox: harness.store).run(progress: { line in said.withLock { $0.append(line) } })
            #expect(done.from == Self.day(24) && done.imported == 5, "\(done)")
            #expect(said.withLock { $0.first }?.hasPrefix("going on from 2025-11-24T00:00:00Z") == true, "\(said.withLock { $0 })")
            #expect(api.requests[asked].query.contains(URLQueryItem(name: "created[gte]", value: "1763942400")))
            #expect(try await harness.store.importRun(provider: "stripe", kind: .backfill, since: Self.day(23))?.isDone == true)
        }
        #expect(try await harness.store.events(EventQuery(provider: "stripe", limit: 20)).count == 5)
    }

    @Test func aRefusedKeyStopsAtOnceNamingItsVariableAndNeverShowingIt() async throws {
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        try await api.application.test(.live) { server in
            api.queue(.status(401, body: #"{"error":{"message":"Invalid API Key provided: rk_test_****_123"}}"#))
            do {
                _ = try await Self.run(api, port: server.port!, inbox: nil).run(progress: { _ in })
                Issue.record("a 401 did not stop the run")
            } catch let stopped as BackfillStopped {
                #expect(stopped.description.contains("STRIPE_API_KEY"), "\(stopped)")
                #expect(!stopped.description.contains(Self.key))
            }
        }
        #expect(api.requests.count == 1)
    }

    @Test func aPageThatDoesNotDecodeIsNamed() async throws {
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        try await api.application.test(.live) { server in
            api.queue(.body(#"{"object":"list","data":[{"id":"evt_1"}"#))
            do {
                _ = try await Self.run(api, port: server.port!, inbox: nil).run(progress: { _ in })
                Issue.record("a broken page did not stop the run")
            } catch let stopped as BackfillStopped {
                #expect(stopped.description.contains("page 1"), "\(stopped)")
                #expect(stopped.description.contains("does not decode"), "\(stopped)")
            }
        }
    }

    /// With --skip-bad, the page is named and its day's rest left out; the other days are read.
    @Test func skipBadLeavesOutABrokenPageNamingIt() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        try await api.application.test(.live) { server in
            // The 23rd is fine; the 24th's first page is broken.
            api.queue(.pass, .body(#"{"object":"list","data":[{"id":"evt_1"}"#))
            var run = Self.run(api, port: server.port!, inbox: harness.store)
            run.skipBad = true
            let summary = try await run.run(progress: { _ in })
            #expect(summary.skipped.count == 1 && summary.skipped[0].hasPrefix("2025-11-24 page 1, and the rest of that day"), "\(summary.skipped)")
            #expect(summary.imported == 0 && api.requests.count == 3, "\(summary)")
        }
    }

    @Test func aSlowAPITimesOutAndARedirectIsNotFollowed() async throws {
        let elsewhere = try FakeStripeAPI(fixtures: Self.fixtures)
        let api = try FakeStripeAPI(fixtures: Self.fixtures)
        try await elsewhere.application.test(.live) { other in
            try await api.application.test(.live) { server in
                api.queue(.delay(.seconds(3)), .delay(.seconds(3)))
                do {
                    _ = try await Self.run(api, port: server.port!, inbox: nil, timeoutSeconds: 1, attempts: 2).run(progress: { _ in })
                    Issue.record("a slow API did not stop the run")
                } catch let stopped as BackfillStopped {
                    #expect(stopped.description.contains("did not answer"), "\(stopped)")
                    #expect(stopped.description.contains("2 times"), "\(stopped)")
                }
                api.queue(.redirect(to: "http://127.0.0.1:\(other.port!)/v1/events"))
                do {
                    _ = try await Self.run(api, port: server.port!, inbox: nil).run(progress: { _ in })
                    Issue.record("a redirect did not stop the run")
                } catch let stopped as BackfillStopped {
                    #expect(stopped.description.contains("HTTP 302"), "\(stopped)")
                }
            }
        }
        #expect(elsewhere.requests.isEmpty, "the key went to another origin")
    }
}

/// The waits a backfill asked for, instead of waiting.
final class SleepLog: Sendable {
    let durations = Mutex<[Duration]>([])
}
