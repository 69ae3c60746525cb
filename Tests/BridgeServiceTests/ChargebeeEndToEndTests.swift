import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Chargebee through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct ChargebeeEndToEndTests {
    @Test func aPaymentIsASaleAndItsRefundFollowsIt() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in ["payment_refunded.linked", "customer_created", "payment_succeeded.taxed-referred"] {
                let response = try await BridgeHarness.postChargebee(client, fixture: fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("signup, sale and refund are delivered") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 3
            }
        }
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/signup", "/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls[1].body.contains("event_id=txn_taxed0000000001&amount=450000&plan=contract-plan&currency=USD&mrr=25000"))
        #expect(firstPromoter.calls[2].body.contains("event_id=txn_refund000000001&amount=225000&currency=USD&sale_event_id=txn_taxed0000000001"))
    }

    @Test(arguments: [
        ("chargebee:wrong", 401, "the credentials in Authorization are not the configured ones"),
        ("chargebee", 400, "malformed Authorization header"),
        (nil, 400, "missing Authorization header"),
    ] as [(String?, Int, String)])
    func wrongOrMissingCredentialsStoreNothing(_ credentials: String?, _ status: Int, _ message: String) async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let response: TestResponse
            if let credentials, !credentials.contains(":") {
                // Not base64 of user:password at all.
                response = try await client.execute(
                    uri: "/webhooks/chargebee", method: .post,
                    headers: [.authorization: "Basic !!not-base64", .contentType: "application/json"],
                    body: ByteBuffer(bytes: try Fixtures.bytes("chargebee", "payment_succeeded.json")))
            } else {
                response = try await BridgeHarness.postChargebee(client, fixture: "payment_succeeded", credentials: credentials)
            }
            #expect(response.status.code == status)
            #expect(response.text.contains(message), "\(response.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }
}
