import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Recurly through the real server, a SQLite file, a fake Recurly v3 API and the fake
/// FirstPromoter, both on loopback.
@Suite struct RecurlyEndToEndTests {
    @Test func jsonWebhooksAreFetchedHeldThroughAnAPIOutageAndDelivered() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let recurly = try FakeProviderAPI("recurly", fixtures: ["charge_invoice.paid", "payment.refunded", "subscription.canceled"])
        recurly.fail(true)
        try await recurly.application.test(.live) { api in
            try await harness.withBridge(firstPromoter: firstPromoter, extra: ["RECURLY_API_URL": "http://127.0.0.1:\(api.port!)/"]) {
                client in
                for fixture in ["payment.refunded", "charge_invoice.paid", "subscription.canceled"] {
                    let response = try await BridgeHarness.postRecurly(client, fixture: fixture)
                    #expect(response.status == .ok, "\(fixture): \(response.text)")
                }
                // The API is down: every event is held, saying why, and nothing is sent.
                try await BridgeHarness.eventually("the three events are held for the API") {
                    let held = try await harness.deliveries(.held)
                    return held.count == 3 && held.allSatisfy { $0.outcome?.contains("Recurly API GET /") == true }
                }
                let held = try await harness.deliveries(.held)
                #expect(held.contains { $0.outcome?.contains("GET /invoices/number-1001 failed: HTTP 503") == true }, "\(held.map(\.outcome))")
                #expect(firstPromoter.calls.isEmpty)
                recurly.fail(false)
                try await BridgeHarness.eventually("sale, refund and cancellation are delivered", seconds: 30) {
                    let delivered = try await harness.deliveries(.delivered).count
                    return try await harness.settled() && delivered == 3
                }
            }
        }
        // The refund, received before its sale, followed it. The cancellation names no call it
        // must follow: held by the same outage, it may go before the sale or after it, as its
        // lookups came back (each is mapped when they do).
        let paths = firstPromoter.calls.map(\.path)
        #expect(paths.sorted() == ["/api/v1/track/cancellation", "/api/v1/track/refund", "/api/v1/track/sale"], "\(paths)")
        let sale = try #require(firstPromoter.calls.firstIndex { $0.path == "/api/v1/track/sale" })
        #expect(sale < (firstPromoter.calls.firstIndex { $0.path == "/api/v1/track/refund" } ?? -1), "\(paths)")
        #expect(
            firstPromoter.calls[sale].body.contains(
                "email=ada%40example.com&uid=acct_ada&event_id=recurly-invoice-1001&amount=9000&plan=pro-monthly&currency=USD&mrr=9000"),
            "\(firstPromoter.calls[sale].body)")
        let refund = try #require(firstPromoter.calls.first { $0.path == "/api/v1/track/refund" })
        #expect(refund.body.contains("amount=4500&currency=USD&sale_event_id=recurly-invoice-1001"), "\(refund.body)")
        // Every request authenticated with the API key and asked for the API version the types follow.
        let requests = recurly.requests
        #expect(requests.contains { $0.status == 503 })
        #expect(requests.allSatisfy { $0.authorization == "Basic " + Data("\(BridgeHarness.recurlyAPIKey):".utf8).base64EncodedString() })
        #expect(requests.allSatisfy { $0.accept == "application/vnd.recurly.v2021-02-25" })
        #expect(requests.contains { $0.path == "/transactions/txpay1001" && $0.status == 200 })
    }

    @Test func xmlNotificationsBehindBasicAuthNeedNoAPI() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in ["successful_refund_notification", "paid_charge_invoice_notification", "paid_charge_invoice_notification"] {
                let response = try await BridgeHarness.postRecurly(client, fixture: fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("the sale and its refund are delivered") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 2
            }
        }
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls[1].body.contains("event_id=a5143c1d3a6f4a8287d0e2cc1d4c0427&amount=10000"))
    }

    @Test func forgedOrUnauthenticatedRequestsStoreNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await BridgeHarness.postRecurly(client, fixture: "charge_invoice.paid", secret: "not-the-secret")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("recurly-signature"), "\(forged.text)")
            let anonymous = try await BridgeHarness.postRecurly(client, fixture: "paid_charge_invoice_notification", credentials: nil)
            #expect(anonymous.status == .badRequest)
            #expect(anonymous.text.contains("missing Authorization header"), "\(anonymous.text)")
            let wrong = try await BridgeHarness.postRecurly(client, fixture: "paid_charge_invoice_notification", credentials: "recurly:guess")
            #expect(wrong.status == .unauthorized)
            let form = try await client.execute(
                uri: "/webhooks/recurly", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "a=b"))
            #expect(form.status == .unsupportedMediaType)
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }

    @Test func xmlIsRefusedWhenOnlyTheJSONSecretIsSet() async throws {
        let harness = try await BridgeHarness()
        let env = harness.environment(firstPromoterPort: nil).merging(
            ["RECURLY_WEBHOOK_USERNAME": "", "RECURLY_WEBHOOK_PASSWORD": ""]) { $1 }
        try await harness.withBridge(env) { client in
            let response = try await BridgeHarness.postRecurly(client, fixture: "paid_charge_invoice_notification")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("RECURLY_WEBHOOK_USERNAME"), "\(response.text)")
        }
    }
}
