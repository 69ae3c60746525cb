import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Razorpay through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct RazorpayEndToEndTests {
    static let post: @Sendable (any TestClientProtocol, String) async throws -> TestResponse = {
        try await BridgeHarness.postRazorpay($0, fixture: $1)
    }

    static let renewalSale =
        "email=ada%40example.com&uid=cust_RZ1Ada&event_id=pay_RZ1Renewal&amount=99900&plan=plan_RZ1Pro&currency=INR"
        + "&mrr=99900&subscription_id=sub_RZ1Monthly&created_at=2025-11-24T16%3A00%3A00Z"

    /// A subscription's charge fires `payment.captured`, `invoice.paid` and
    /// `subscription.charged`, in any order: exactly one sale, the subscription's (plan and MRR).
    @Test(arguments: StripeOrderTests.orders(["payment.captured.subscription", "invoice.paid.subscription", "subscription.charged"]))
    func aSubscriptionsChargeIsOneSale(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in order {
                let response = try await Self.post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            // The same delivery again (Razorpay retries with the same event id): one event.
            let again = try await Self.post(client, order[0])
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("the sale is delivered and nothing waits") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 1
            }
        }
        #expect(firstPromoter.calls.map(\.body) == [Self.renewalSale])
        #expect(try await harness.store.events(EventQuery(provider: "razorpay", limit: 10)).count == 3)
    }

    /// An invoice with GST: the sale without its tax, and the full refund scaled the same way.
    @Test func anInvoicesSaleAndItsRefundExcludeTax() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(
            ["invoice.paid.taxed", "refund.processed.full"], harness: harness, firstPromoter: firstPromoter, calls: 2, post: Self.post)
        #expect(firstPromoter.calls.map(\.body) == [
            "email=bob%40example.com&uid=cust_RZ1Bob&event_id=pay_RZ1Invoice&amount=100000&currency=INR"
                + "&created_at=2025-11-24T16%3A00%3A00Z",
            "email=bob%40example.com&uid=cust_RZ1Bob&event_id=rfnd_RZ1Full&amount=100000&currency=INR"
                + "&sale_event_id=pay_RZ1Invoice&created_at=2025-11-26T16%3A00%3A00Z",
        ])
    }

    /// A payment with no invoice is the sale at once; a refund that arrives first waits for it.
    @Test func aRefundBeforeItsPaymentWaitsForIt() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await StripeOrderTests.deliver(
            ["refund.processed.partial", "payment.captured.one-time"], harness: harness, firstPromoter: firstPromoter, calls: 2,
            post: Self.post)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.first?.body.contains("event_id=pay_RZ1OneTime&amount=49900&currency=INR") == true)
        #expect(firstPromoter.calls.last?.body.contains("event_id=rfnd_RZ1Part&amount=20000&currency=INR&sale_event_id=pay_RZ1OneTime") == true)
    }

    @Test func forgedUnsignedOrUnnamedWebhooksStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let body = try Fixtures.bytes("razorpay", "payment.captured.one-time.json")
            let forged = try await BridgeHarness.postRazorpay(client, fixture: "payment.captured.one-time", secret: "guess")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in X-Razorpay-Signature matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/razorpay", method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-Razorpay-Event-Id")!: "evt_unsigned"],
                body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing X-Razorpay-Signature header"), "\(unsigned.text)")
            // Signed, but without the event id that is its dedup key: refused, naming the header.
            let unnamed = try await client.execute(
                uri: "/webhooks/razorpay", method: .post,
                headers: [
                    .contentType: "application/json",
                    HTTPField.Name("X-Razorpay-Signature")!: HMACSignature.hex(message: body, secret: BridgeHarness.razorpaySecret),
                ],
                body: ByteBuffer(bytes: body))
            #expect(unnamed.status == .badRequest)
            #expect(unnamed.text.contains("x-razorpay-event-id"), "\(unnamed.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.store.events(in: .mapped, limit: 10).isEmpty)
    }
}
