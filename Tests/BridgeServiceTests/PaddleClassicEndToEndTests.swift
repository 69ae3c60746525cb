import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Paddle Classic through the real server, a SQLite file and the fake FirstPromoter: alerts
/// signed with the fixtures' test key pair, the bridge holding its public half.
@Suite struct PaddleClassicEndToEndTests {
    static func post(_ client: any TestClientProtocol, _ fixture: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/webhooks/paddle-classic", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(bytes: try Fixtures.bytes("paddle-classic", "\(fixture).form")))
    }

    /// A payment, its retry, a partial refund and a VAT-only refund: one sale without VAT, one
    /// refund without VAT, and nothing for the VAT refund.
    @Test func aPaymentItsRefundsAndAVATRefund() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in ["subscription_payment_succeeded", "subscription_payment_refunded.partial", "subscription_payment_refunded.vat"] {
                let response = try await Self.post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            let again = try await Self.post(client, "subscription_payment_succeeded")
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
        }
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.first?.body == "email=grete%40example.com&uid=600001&event_id=1000001-1000001&amount=2500"
            + "&quantity=1&plan=12345&currency=USD&mrr=2500&subscription_id=502001&created_at=2025-11-24T16%3A00%3A00Z&tid=tid_classic")
        #expect(firstPromoter.calls.last?.body.contains("event_id=paddle-classic-refund-1730010&amount=1000&currency=USD&sale_event_id=1000001-1000001") == true)
    }

    /// An alert changed after Paddle signed it, or unsigned, is refused and stores nothing.
    @Test func aChangedOrUnsignedAlertStoresNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let signed = String(decoding: try Fixtures.bytes("paddle-classic", "subscription_payment_succeeded.form"), as: UTF8.self)
            let changed = signed.replacingOccurrences(of: "sale_gross=29.75", with: "sale_gross=2975.00")
            #expect(changed != signed)
            let forged = try await client.execute(
                uri: "/webhooks/paddle-classic", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: changed))
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in p_signature matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/paddle-classic", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "alert_id=1&alert_name=payment_succeeded"))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing p_signature field"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.store.events(in: .mapped, limit: 10).isEmpty)
    }
}
