import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill paddle` against a fake Paddle events API on loopback (ids in order, an `after`
/// cursor and no time filter, as Paddle's), into the real store, then delivered by the real
/// service as the notifications would have been.
@Suite struct PaddleBackfillTests {
    /// The fixtures' one-time transaction is of 2023-08-22 07:15:45Z; the pending adjustment of
    /// the 21st, the cancellation of the 11th, the customer of 2024-03-15.
    static let window = try! BackfillWindow(
        since: Date(timeIntervalSince1970: 1_692_662_400), until: Date(timeIntervalSince1970: 1_692_662_400 + 86_400))
    static let fixtures = ["subscription.canceled", "adjustment.created.pending", "transaction.completed.one-time", "customer.created"]

    func run(_ api: FakePaddleAPI, port: Int, inbox: (any Inbox & ImportRuns)?) async throws -> BackfillRun.Summary {
        let listing = PaddleEventListing(key: "pdl_sdbx_apikey_test", baseURL: "http://127.0.0.1:\(port)")
        var run = BackfillRun(
            listing: listing, provider: PaddleProvider.definition.make(ProviderCredentials()), window: Self.window,
            eventTypes: PaddleMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5), inbox: inbox)
        run.now = { Self.window.until }
        return try await run.run(progress: { _ in })
    }

    @Test func theDaysEventsAreImportedOnceFromTheCursorAndTheListingEndsAtTheWindow() async throws {
        let harness = try await BridgeHarness()
        let api = try FakePaddleAPI(fixtures: Self.fixtures)
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let summary = try await run(api, port: server.port!, inbox: harness.store)
            #expect(summary.events == 1 && summary.imported == 1, "\(summary)")
            // The first page starts after the day's start: the cancellation and the adjustment,
            // older, are never listed; the second page holds the customer of 2024, which ends it.
            #expect(api.requests.count == 2)
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                let webhook = try await BridgeHarness.postPaddle(client, fixture: "transaction.completed.one-time")
                #expect(webhook.text.contains(#""status":"duplicate""#), "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
            // Run again: the day is done, nothing is read.
            let again = try await run(api, port: server.port!, inbox: harness.store)
            #expect(again.events == 0 && api.requests.count == 2)
        }
        let first = try #require(api.requests.first)
        #expect(first.authorization == "Bearer pdl_sdbx_apikey_test" && first.version == "1")
        let after = try #require(first.query.first { $0.name == "after" }?.value)
        #expect(after > "evt_01h8c6tc8aa58zqj6h8a13r103" && after < "evt_01h8e1jxjnw9ra6zarhnz1a7y1", "\(after)")
        #expect(first.query.contains(URLQueryItem(name: "event_type", value: "adjustment.created,adjustment.updated,customer.created,customer.updated,subscription.activated,subscription.canceled,subscription.created,subscription.updated,transaction.completed")))
        // As the fixture's expectation says: the sale, once.
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale"])
        #expect(firstPromoter.calls.first?.body.contains("event_id=txn_01h8dzxgkvdwemdhbpcapj2tbj&amount=59900") == true)
    }

    /// Days Paddle no longer keeps events for: its completed transactions (each with its
    /// customer), approved adjustments and canceled subscriptions, made into their notifications.
    @Test func olderDaysAreReadFromTransactionsAdjustmentsAndSubscriptions() async throws {
        let harness = try await BridgeHarness()
        let api = try FakePaddleAPI(
            fixtures: ["transaction.completed.subscription", "adjustment.updated.refund-approved", "subscription.canceled"], pageSize: 1)
        let firstPromoter = FakeFirstPromoter()
        // The 22nd and the 23rd of August 2023: the sale, then its refund; the cancellation is of 2024.
        let window = try BackfillWindow(since: Self.window.since, until: Self.window.until.addingTimeInterval(86_400))
        try await api.application.test(.live) { server in
            var run = BackfillRun(
                listing: PaddleListing.make(key: "pdl_live_apikey_test", baseURL: "http://127.0.0.1:\(server.port!)"),
                provider: PaddleProvider.definition.make(ProviderCredentials()), window: window,
                eventTypes: PaddleMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { window.until.addingTimeInterval(200 * 86_400) }
            let summary = try await run.run(progress: { _ in })
            // The transaction and its customer, the approved refund.
            #expect(summary.events == 3 && summary.imported == 3, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        let requests = api.requests
        #expect(!requests.contains { $0.path == "/events" })
        let transactions = try #require(requests.first { $0.path == "/transactions" })
        #expect(transactions.query.contains(URLQueryItem(name: "billed_at[GTE]", value: "2023-08-22T00:00:00Z")))
        #expect(transactions.query.contains(URLQueryItem(name: "include", value: "customer")))
        let adjustments = try #require(requests.first { $0.path == "/adjustments" })
        #expect(adjustments.query.first { $0.name == "after" }?.value?.hasPrefix("adj_01h8d8") == true, "\(adjustments.query)")
        // The very calls the notifications made (PaddleEndToEndTests).
        let calls = firstPromoter.calls
        #expect(calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"], "\(calls.map(\.body))")
        #expect(calls.first?.body == "email=pat%40example.com&uid=ctm_01h8e18bxp9hby49dnm8ewf0m0&event_id=txn_01h8dzxgkvdwemdhbpcapj2tbj&amount=59900&plan=pri_01gsz8x8sawmvhz1pv30nge1ke&currency=USD&mrr=40000&subscription_id=sub_01h8dzxgkvdwemdhbpcapj2tbj&created_at=2023-08-22T07%3A15%3A44Z&tid=tid_paddle")
        #expect(calls.last?.body.contains("event_id=adj_01h8refund0000000000000000&amount=29950&currency=USD&sale_event_id=txn_01h8dzxgkvdwemdhbpcapj2tbj") == true, "\(calls.map(\.body))")
    }
}
