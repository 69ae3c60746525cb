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
        let harness = try BridgeHarness()
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
        let harness = try BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 1, post: Self.post)
        #expect(firstPromoter.calls.map(\.body) == [Self.invoiceSale])
    }

    @Test func forgedOrUnsignedWebhooksStoreNothing() async throws {
        let harness = try BridgeHarness()
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
        let harness = try BridgeHarness(stripeMapping: nil, extraMappings: ["lemonsqueezy.yaml": "holds: {payment_seconds: 1}\n"])
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(
            ["order_created.one-time", "order_refunded.partial"], harness: harness, firstPromoter: firstPromoter, calls: 2,
            post: Self.post)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.last?.body.contains("event_id=order_1-refunded-929&amount=749&currency=EUR&sale_event_id=order_1") == true)
    }
}
