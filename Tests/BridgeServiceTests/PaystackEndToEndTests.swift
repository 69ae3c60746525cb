import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Paystack through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct PaystackEndToEndTests {
    static let post: @Sendable (any TestClientProtocol, String) async throws -> TestResponse = {
        try await BridgeHarness.postPaystack($0, fixture: $1)
    }

    /// A plan's charge, its retry, its refund and the subscription's end: one sale with plan, MRR
    /// and the metadata's tid, the refund linked to it, the cancellation.
    @Test func aPlansChargeItsRefundAndTheEnd() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in ["charge.success.plan-monthly", "refund.processed.full", "subscription.disable"] {
                let response = try await Self.post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            // Paystack retries with the same body: the derived key makes it one event.
            let again = try await Self.post(client, "charge.success.plan-monthly")
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
        }
        let deliveries = try await harness.deliveries()
        #expect(deliveries.filter { $0.status == .delivered }.count == 3, "\(deliveries.map { "\($0.status) \($0.outcome ?? "")" })")
        // The refund follows its sale; the cancellation is another lead's, in its own time.
        let calls = firstPromoter.calls
        #expect(calls.map(\.path).sorted() == ["/api/v1/track/cancellation", "/api/v1/track/refund", "/api/v1/track/sale"])
        let sale = try #require(calls.firstIndex { $0.path == "/api/v1/track/sale" })
        let refund = try #require(calls.firstIndex { $0.path == "/api/v1/track/refund" })
        #expect(sale < refund)
        #expect(calls[sale].body == "email=bojack%40horseman.com&uid=CUS_qo38as2hpsgk2r0&event_id=T0000000001monthly"
            + "&amount=500000&plan=PLN_gx2wn530m0i3w3m&currency=NGN&mrr=500000&created_at=2025-11-24T16%3A00%3A00Z&tid=tid_paystack")
        #expect(calls[refund].body.contains("event_id=RF_0000000002&amount=500000&currency=NGN&sale_event_id=T0000000001monthly"))
        #expect(calls.contains { $0.body == "email=bojack%40horsinaround.com&uid=CUS_xnxdt6s1zg1f4nx&event_id=SUB_vsyqdmlzble3uii" })
    }

    @Test func forgedOrUnsignedWebhooksStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await BridgeHarness.postPaystack(client, fixture: "charge.success", secret: "sk_test_guess")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in x-paystack-signature matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/paystack", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: try Fixtures.bytes("paystack", "charge.success.json")))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing x-paystack-signature header"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }
}
