import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Polar through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct PolarEndToEndTests {
    static let post: @Sendable (any TestClientProtocol, String) async throws -> TestResponse = {
        try await BridgeHarness.postPolar($0, fixture: $1)
    }
    static let order = "0rd00000-0000-4000-8000-000000000010"

    /// An order, its two refunds, and its subscription canceled then revoked: one sale without
    /// tax, two refund steps without tax that add up to it, one cancellation.
    @Test func anOrderItsRefundsAndItsEnd() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in [
                "order.paid.subscription-first", "order.refunded.partial", "order.refunded.full", "subscription.canceled",
                "subscription.revoked",
            ] {
                let response = try await Self.post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
                try await BridgeHarness.eventually("\(fixture) is mapped") { try await harness.settled() }
            }
            let again = try await Self.post(client, "order.paid.subscription-first")
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
        }
        #expect(firstPromoter.calls.map(\.path) == [
            "/api/v1/track/sale", "/api/v1/track/refund", "/api/v1/track/refund", "/api/v1/track/cancellation",
        ])
        #expect(firstPromoter.calls[0].body.contains("event_id=\(Self.order)&amount=2000&plan="))
        #expect(firstPromoter.calls[1].body.contains("event_id=\(Self.order)-refunded-1200&amount=1000&currency=USD&sale_event_id=\(Self.order)"))
        #expect(firstPromoter.calls[2].body.contains("event_id=\(Self.order)-refunded-2400&amount=1000&currency=USD&sale_event_id=\(Self.order)"))
        #expect(firstPromoter.calls[3].body.contains("event_id=5b0b0000-0000-4000-8000-000000000002"))
    }

    @Test func forgedStaleOrUnsignedWebhooksStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await BridgeHarness.postPolar(client, fixture: "order.paid.one-time", secret: "whsec_guess")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in webhook-signature matches"), "\(forged.text)")
            let body = try Fixtures.bytes("polar", "order.paid.one-time.json")
            let stale = try await BridgeHarness.postSigned(
                client, provider: "polar", body: body, timestamp: Int(Date().timeIntervalSince1970) - 3600)
            #expect(stale.status == .unauthorized)
            #expect(stale.text.contains("timestamp is"), "\(stale.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/polar", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing webhook-signature header"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.store.events(in: .mapped, limit: 10).isEmpty)
    }
}
