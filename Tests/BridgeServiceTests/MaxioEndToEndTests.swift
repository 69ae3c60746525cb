import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Maxio through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct MaxioEndToEndTests {
    static func post(_ client: any TestClientProtocol, _ fixture: String, secret: String? = nil) async throws -> TestResponse {
        try await BridgeHarness.postSigned(
            client, provider: "maxio", body: try Fixtures.bytes("maxio", "\(fixture).form"),
            contentType: "application/x-www-form-urlencoded", secret: secret)
    }

    /// A signup payment and the renewal_success naming the same payment, in either order, its
    /// retry, a refund and the cancellation: one sale, the refund linked to it, the cancellation;
    /// and the SDK's sample, which names no currency, in the site's (MAXIO_CURRENCY).
    @Test(arguments: [["payment_success.signup-coupon", "renewal_success"], ["renewal_success", "payment_success.signup-coupon"]])
    func onePaymentIsOneSaleWhicheverEventNamesItFirst(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in order + ["payment_success", "refund_success.partial", "subscription_state_change.canceled"] {
                let response = try await Self.post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            // Maxio retries with the same webhook id: one event.
            let again = try await Self.post(client, order[0])
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
        }
        let calls = firstPromoter.calls
        #expect(calls.map(\.path).sorted() == [
            "/api/v1/track/cancellation", "/api/v1/track/refund", "/api/v1/track/sale", "/api/v1/track/sale",
        ], "\(calls.map(\.body))")
        let signup = try #require(calls.firstIndex { $0.path == "/api/v1/track/sale" && $0.body.contains("event_id=170000001") })
        #expect(calls[signup].body == "email=ada%40example.com&uid=user-4242&event_id=170000001&amount=3920&plan=pro-monthly"
            + "&currency=EUR&mrr=3920&subscription_id=15200001&created_at=2025-11-24T16%3A00%3A00Z&promo_code=LAUNCH20")
        #expect(calls.contains { $0.path == "/api/v1/track/sale" && $0.body.contains("event_id=161537369&amount=6400&plan=basic&currency=USD") })
        let refund = try #require(calls.firstIndex { $0.path == "/api/v1/track/refund" })
        #expect(signup < refund)
        #expect(calls[refund].body.contains("event_id=maxio-refund-180000001&amount=1000&currency=EUR&sale_event_id=170000001"), "\(calls[refund].body)")
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" && $0.body.hasPrefix("email=ada%40example.com&uid=user-4242&event_id=15200001") })
        // The second event of the payment is recorded as the same sale, not dropped unsaid.
        let ignored = try await harness.deliveries(.ignored)
        #expect(ignored.count == 1, "\(ignored.map { $0.outcome ?? "" })")
        #expect(ignored.first?.outcome?.contains("Maxio payment 170000001 is already the one-time sale 170000001") == true)
    }

    @Test func forgedOrUnsignedWebhooksStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await Self.post(client, "payment_success", secret: "a guessed key")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in X-Chargify-Webhook-Signature-Hmac-Sha-256 matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/maxio", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(bytes: try Fixtures.bytes("maxio", "payment_success.form")))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing X-Chargify-Webhook-Signature-Hmac-Sha-256 header"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }
}
