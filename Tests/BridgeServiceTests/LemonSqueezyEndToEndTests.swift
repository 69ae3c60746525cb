import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Lemon Squeezy through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct LemonSqueezyEndToEndTests {
    static let post: @Sendable (any TestClientProtocol, String) async throws -> TestResponse = {
        try await BridgeHarness.postLemonSqueezy($0, fixture: $1)
    }

    static let invoiceSale =
        "email=dan%40lemonsqueezy.com&uid=1&event_id=subscription_invoice_1&amount=999&currency=USD&subscription_id=1"
        + "&created_at=2023-01-18T12%3A16%3A24Z&tid=tid_lemon"

    /// A new subscription fires `order_created`, `subscription_created` and
    /// `subscription_payment_success`, in any order: exactly one sale, the invoice's.
    @Test(arguments: StripeOrderTests.orders([
        "order_created.subscription-first", "subscription_created", "subscription_payment_success.initial",
    ]))
    func aSubscriptionsFirstPaymentIsOneSale(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in order {
                let response = try await BridgeHarness.postLemonSqueezy(client, fixture: fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            // The same delivery again (Lemon Squeezy retries): one event.
            let again = try await BridgeHarness.postLemonSqueezy(client, fixture: order[0])
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("the sale is delivered and nothing waits") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 1
            }
        }
        #expect(firstPromoter.calls.map(\.body) == [Self.invoiceSale])
    }

    /// Without `subscription_created`, the invoice still claims its order: same customer, same
    /// total, same time.
    @Test(arguments: StripeOrderTests.orders(["order_created.subscription-first", "subscription_payment_success.initial"]))
    func theInvoiceClaimsItsOrderWithoutSubscriptionCreated(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 1, post: Self.post)
        #expect(firstPromoter.calls.map(\.body) == [Self.invoiceSale])
    }

    @Test func forgedOrUnsignedWebhooksStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let body = try Fixtures.bytes("lemonsqueezy", "order_created.one-time.json")
            let forged = try await client.execute(
                uri: "/webhooks/lemonsqueezy", method: .post,
                headers: [HTTPField.Name("X-Signature")!: HMACSignature.hex(message: body, secret: "guess"), .contentType: "application/json"],
                body: ByteBuffer(bytes: body))
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in X-Signature matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/lemonsqueezy", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing X-Signature header"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }

    @Test func aOneTimeOrderIsASaleAfterItsHoldAndItsRefundExcludesTax() async throws {
        let harness = try await BridgeHarness(stripeMapping: nil, extraMappings: ["lemonsqueezy.yaml": "holds: {payment_seconds: 1}\n"])
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(
            ["order_created.one-time", "order_refunded.partial"], harness: harness, firstPromoter: firstPromoter, calls: 2,
            post: Self.post)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.last?.body.contains("event_id=order_1-refunded-929&amount=749&currency=EUR&sale_event_id=order_1") == true)
    }

    /// With `LEMONSQUEEZY_API_KEY`, a subscription payment is given its plan and MRR from the
    /// subscription and its price; through an API outage it is held, then delivered.
    @Test func withTheAPIKeyASubscriptionPaymentGetsItsPlanAndMRR() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let lemonSqueezy = try FakeProviderAPI("lemonsqueezy", fixtures: ["subscription_payment_success.yearly-discounted"])
        lemonSqueezy.fail(true)
        try await lemonSqueezy.application.test(.live) { api in
            let extra = ["LEMONSQUEEZY_API_KEY": "ls-test-key", "LEMONSQUEEZY_API_URL": "http://127.0.0.1:\(api.port!)"]
            try await harness.withBridge(firstPromoter: firstPromoter, extra: extra) { client in
                let response = try await Self.post(client, "subscription_payment_success.yearly-discounted")
                #expect(response.status == .ok, "\(response.text)")
                try await BridgeHarness.eventually("the payment is held for the API") {
                    try await harness.deliveries(.held).contains { $0.outcome?.contains("GET /v1/subscriptions/4 failed: HTTP 503") == true }
                }
                #expect(firstPromoter.calls.isEmpty)
                lemonSqueezy.fail(false)
                try await BridgeHarness.eventually("the sale is delivered", seconds: 30) {
                    let delivered = try await harness.deliveries(.delivered).count
                    return try await harness.settled() && delivered == 1
                }
            }
        }
        #expect(firstPromoter.calls.map(\.body) == [
            "email=dan%40lemonsqueezy.com&uid=1&event_id=subscription_invoice_4&amount=9600&plan=7&currency=USD&mrr=800"
                + "&subscription_id=4&created_at=2023-04-01T08%3A00%3A00Z&tid=tid_lemon"
        ])
        let requests = lemonSqueezy.requests
        #expect(requests.contains { $0.path == "/v1/prices/11" && $0.status == 200 })
        #expect(requests.allSatisfy { $0.authorization == "Bearer ls-test-key" && $0.accept == "application/vnd.api+json" })
    }

    /// The API key only adds to a sale: when the API refuses the documents for good (a wrong key,
    /// a subscription it does not know), the sale goes without plan and MRR instead of waiting.
    @Test func aDocumentTheAPIRefusesIsDoneWithout() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let lemonSqueezy = try FakeProviderAPI("lemonsqueezy", fixtures: [])
        try await lemonSqueezy.application.test(.live) { api in
            let extra = ["LEMONSQUEEZY_API_KEY": "ls-test-key", "LEMONSQUEEZY_API_URL": "http://127.0.0.1:\(api.port!)"]
            try await harness.withBridge(firstPromoter: firstPromoter, extra: extra) { client in
                #expect(try await Self.post(client, "subscription_payment_success.yearly-discounted").status == .ok)
                try await BridgeHarness.eventually("the sale is delivered", seconds: 30) {
                    let delivered = try await harness.deliveries(.delivered).count
                    return try await harness.settled() && delivered == 1
                }
            }
        }
        #expect(lemonSqueezy.requests.map(\.status) == [404])
        #expect(firstPromoter.calls.map(\.body) == [
            "email=dan%40lemonsqueezy.com&uid=1&event_id=subscription_invoice_4&amount=9600&currency=USD"
                + "&subscription_id=4&created_at=2023-04-01T08%3A00%3A00Z&tid=tid_lemon"
        ])
    }
}
