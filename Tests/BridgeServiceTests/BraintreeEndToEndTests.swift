import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Braintree through the real server, a SQLite file and the fake FirstPromoter, with bodies
/// signed by Braintree's own SDK.
@Suite struct BraintreeEndToEndTests {
    @Test func aChargeToldTwiceIsOneSaleAndALostDisputeRefundsIt() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in [
                "dispute_lost", "subscription_charged_successfully.taxed-yearly", "subscription_charged_successfully",
                "subscription_went_active", "subscription_charged_successfully", "subscription_canceled",
            ] {
                let response = try await BridgeHarness.postBraintree(client, fixture: fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("two sales, the dispute and the cancellation are delivered") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 4
            }
        }
        let paths = firstPromoter.calls.map(\.path)
        #expect(paths.filter { $0 == "/api/v1/track/sale" }.count == 2, "\(paths)")
        let sales = firstPromoter.calls.filter { $0.path == "/api/v1/track/sale" }.map(\.body)
        #expect(sales.contains { $0.contains("event_id=txn_yearly&amount=100000&plan=pro-yearly&currency=USD&mrr=8333") })
        #expect(sales.contains { $0.contains("event_id=txn_new&amount=4999") })
        // The refund went after its sale, tax excluded in the sale's proportion.
        let refund = try #require(firstPromoter.calls.firstIndex { $0.path == "/api/v1/track/refund" })
        let sale = try #require(firstPromoter.calls.firstIndex { $0.body.contains("event_id=txn_yearly") })
        #expect(sale < refund)
        #expect(firstPromoter.calls[refund].body.contains("event_id=dp_yearly&amount=50000&currency=USD&sale_event_id=txn_yearly"))
        #expect(paths.contains("/api/v1/track/cancellation"))
    }

    @Test func theEndpointCheckIsAnsweredAsTheSDKDoes() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let answer = try await client.execute(uri: "/webhooks/braintree?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.text == "integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4")
            let bad = try await client.execute(uri: "/webhooks/braintree?bt_challenge=not-hex", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("bt_challenge"), "\(bad.text)")
            // Providers that make no such check answer 405 to a GET.
            let stripe = try await client.execute(uri: "/webhooks/stripe", method: .get)
            #expect(stripe.status == .methodNotAllowed)
        }
    }

    @Test func aNotificationThatCannotBeMappedIsKeptAndSaysWhichField() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let response = try await BridgeHarness.postBraintree(client, fixture: "subscription_charged_successfully.sdk-sample")
            #expect(response.status == .ok, "\(response.text)")
            try await BridgeHarness.eventually("the event is marked failed") {
                try await !harness.store.events(in: .failed, limit: 10).isEmpty
            }
        }
        let failed = try #require(try await harness.store.events(in: .failed, limit: 10).first)
        #expect(failed.error?.contains("currency_iso_code") == true, "\(failed.error ?? "")")
    }

    @Test func forgedOrMisdirectedNotificationsStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let form = try Fixtures.bytes("braintree", "subscription_charged_successfully.form")
            let tampered = Array(String(decoding: form, as: UTF8.self).replacingOccurrences(of: "bt_payload=PD", with: "bt_payload=QD").utf8)
            let forged = try await client.execute(
                uri: "/webhooks/braintree", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(bytes: tampered))
            #expect(forged.status == .unauthorized, "\(forged.text)")
            let json = try await BridgeHarness.postBraintree(client, fixture: "subscription_charged_successfully", contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(json.text.contains("application/x-www-form-urlencoded"), "\(json.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/braintree", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "bt_payload=PD94"))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing bt_signature field"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }
}
