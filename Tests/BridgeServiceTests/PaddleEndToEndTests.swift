import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Paddle Billing through the real server, a SQLite file and the fake FirstPromoter.
@Suite struct PaddleEndToEndTests {
    @Test func aTransactionIsASaleAndAnApprovedAdjustmentItsRefund() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            // The refund first: it waits for its transaction, then goes after the sale.
            for fixture in ["adjustment.updated.refund-approved", "adjustment.created.pending", "transaction.completed.subscription"] {
                let response = try await BridgeHarness.postPaddle(client, fixture: fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("the sale and the refund are delivered") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 2
            }
        }
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.first?.body == "email=pat%40example.com&uid=ctm_01h8e18bxp9hby49dnm8ewf0m0&event_id=txn_01h8dzxgkvdwemdhbpcapj2tbj&amount=59900&plan=pri_01gsz8x8sawmvhz1pv30nge1ke&currency=USD&mrr=40000&subscription_id=sub_01h8dzxgkvdwemdhbpcapj2tbj&created_at=2023-08-22T07%3A15%3A44Z&tid=tid_paddle")
        #expect(firstPromoter.calls.last?.body == "email=pat%40example.com&uid=ctm_01h8e18bxp9hby49dnm8ewf0m0&event_id=adj_01h8refund0000000000000000&amount=29950&currency=USD&sale_event_id=txn_01h8dzxgkvdwemdhbpcapj2tbj&created_at=2023-08-23T10%3A00%3A00Z")
        let ignored = try await harness.deliveries(.ignored)
        #expect(ignored.contains { $0.outcome?.contains("pending_approval, not approved") == true })
    }

    @Test func refusalsStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await BridgeHarness.postPaddle(client, fixture: "transaction.completed.one-time", secret: "pdl_wrong")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in Paddle-Signature matches"), "\(forged.text)")
            let form = try await BridgeHarness.postPaddle(
                client, fixture: "transaction.completed.one-time", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(form.text.contains("is not application/json"), "\(form.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.deliveries().isEmpty)
    }

    @Test func withoutItsSecretPaddleIsNotMounted() async throws {
        let harness = try await BridgeHarness()
        var environment = harness.environment(firstPromoterPort: nil, apiKey: nil)
        environment["PADDLE_WEBHOOK_SECRET"] = nil
        try await harness.withBridge(environment) { client in
            let response = try await BridgeHarness.postPaddle(client, fixture: "transaction.completed.one-time")
            #expect(response.status == .notFound)
            #expect(response.text.contains("no provider 'paddle' is configured"), "\(response.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }
}
