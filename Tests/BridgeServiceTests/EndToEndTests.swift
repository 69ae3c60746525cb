import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The real server on loopback, a temporary SQLite file, and a fake FirstPromoter on loopback.
@Suite struct EndToEndTests {
    static let expectedSaleBody =
        "email=alice%40example.com&uid=cus_Alice&event_id=in_1BasilTax&amount=8000&plan=price_pro_monthly"
        + "&currency=USD&mrr=10000&subscription_id=sub_Alice&created_at=2025-11-24T16%3A00%3A00Z"
        + "&tid=tid_from_cookie&ref_id=ref_alice_friend"

    @Test func signedInvoicePaidReachesFirstPromoterAsTheExactFormBody() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            let response = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            #expect(response.status == .ok)
            #expect(response.text == #"{"event_id":"evt_1BasilTax","status":"stored"}"#)
            try await BridgeHarness.eventually("the sale is delivered") { try await !harness.deliveries(.delivered).isEmpty }
        }
        let calls = firstPromoter.calls
        try #require(calls.count == 1)
        #expect(calls[0].path == "/api/v1/track/sale")
        #expect(calls[0].apiKey == BridgeHarness.apiKey)
        #expect(calls[0].contentType == "application/x-www-form-urlencoded")
        #expect(calls[0].body == Self.expectedSaleBody)
        let delivered = try await harness.deliveries(.delivered)
        #expect(delivered.first?.outcome == "tracked")
        #expect(delivered.first?.lastHTTPStatus == 200)
    }

    @Test func aWebhookSentTwiceGivesOneCall() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            let first = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            let again = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            // The same invoice's other event: a different Stripe event, the same sale.
            let sibling = try await BridgeHarness.post(client, fixture: "invoice.payment_succeeded.basil-tax-discount")
            #expect(first.status == .ok)
            #expect(again.status == .ok)
            #expect(again.text.contains(#""status":"duplicate""#))
            #expect(sibling.status == .ok)
            try await BridgeHarness.eventually("both events are mapped and sent") {
                try await harness.settled(deliveries: 2)
            }
        }
        #expect(firstPromoter.calls.count == 1)
        let rows = try await harness.deliveries()
        #expect(rows.map(\.status) == [.delivered, .ignored])
        #expect(rows[1].outcome?.contains("as delivery \(rows[0].id): sent once") == true)
    }

    @Test func a500ThenA200GivesOneDeliveredSale() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [500, 200])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            _ = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            try await BridgeHarness.eventually("the sale is delivered") { try await !harness.deliveries(.delivered).isEmpty }
        }
        #expect(firstPromoter.calls.map(\.body) == [Self.expectedSaleBody, Self.expectedSaleBody])
        let delivered = try await harness.deliveries(.delivered)
        #expect(delivered.count == 1)
        #expect(delivered.first?.attempts == 2)
    }

    @Test func answersAreFiledAsTheReferenceClassifiesThem() async throws {
        let harness = try await BridgeHarness()
        // sale: 429 then 409 (already tracked); refund: 204 (not a referral); cancellation: 400.
        let firstPromoter = FakeFirstPromoter(answers: [429, 409])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            _ = try await BridgeHarness.post(client, fixture: "invoice.payment_succeeded.acacia-yearly")
            try await BridgeHarness.eventually("the sale is settled") { try await harness.settled(deliveries: 1) }
            firstPromoter.script([204])
            _ = try await BridgeHarness.post(client, fixture: "charge.refunded.acacia-partial")
            try await BridgeHarness.eventually("the refund is settled") { try await harness.settled(deliveries: 2) }
            firstPromoter.script([400])
            _ = try await BridgeHarness.post(client, fixture: "customer.subscription.deleted")
            try await BridgeHarness.eventually("the cancellation is settled") { try await harness.settled(deliveries: 3) }
        }
        let rows = try await harness.deliveries()
        #expect(rows.map(\.status) == [.delivered, .delivered, .dead])
        #expect(rows.map(\.outcome) == ["duplicate", "not_referral", "HTTP 400"])
        #expect(rows[0].attempts == 2)
        #expect(rows[2].lastResponse == #"{"message":"Error. Amount blank or invalid."}"#)
        #expect(firstPromoter.calls.map(\.path) == [
            "/api/v1/track/sale", "/api/v1/track/sale", "/api/v1/track/refund", "/api/v1/track/cancellation",
        ])
        #expect(firstPromoter.calls[2].body.contains("sale_event_id=in_1AcaciaYear"))
    }

    /// A cross-origin redirect would carry `X-API-KEY` to another host: never followed; the
    /// delivery is a dead letter that names where it pointed.
    @Test func aRedirectIsNotFollowedAndIsADeadLetterNamingItsLocation() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [307])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the sale is a dead letter") { try await harness.deliveries(.dead).count == 1 }
        }
        let dead = try #require(try await harness.deliveries(.dead).first)
        #expect(dead.outcome?.contains("HTTP 307") == true && dead.outcome?.contains("Location: http://127.0.0.1:9/steal") == true,
                "\(dead.outcome ?? "")")
        #expect(firstPromoter.calls.count == 1)
    }

    @Test func aDeadLetterIsReplayedAfterAFix() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [401])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            _ = try await BridgeHarness.post(client, fixture: "invoice.paid.jpy")
            try await BridgeHarness.eventually("the sale is a dead letter") { try await !harness.deliveries(.dead).isEmpty }
            #expect(try await harness.store.requeueDead(by: "test", at: Date()) == 1)
            try await BridgeHarness.eventually("the replayed sale is delivered") { try await !harness.deliveries(.delivered).isEmpty }
        }
        #expect(firstPromoter.calls.count == 2)
        #expect(firstPromoter.calls[1].body.contains("amount=4980&plan=price_jp_basic&currency=JPY"))
    }

    @Test func aServiceRestartedBetweenAcceptingAndDeliveringStillDelivers() async throws {
        let harness = try await BridgeHarness()
        let down = FakeFirstPromoter(answers: Array(repeating: 503, count: 1000))
        try await harness.withBridge(firstPromoter: down) { client in
            let response = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            #expect(response.status == .ok)
            try await BridgeHarness.eventually("FirstPromoter has been tried") { !down.calls.isEmpty }
        }
        let pending = try await harness.deliveries(.pending)
        try #require(pending.count == 1, "accepted, not delivered, when the first service stopped")

        let up = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: up) { _ in
            try await BridgeHarness.eventually("the restarted service delivers it") {
                try await !harness.deliveries(.delivered).isEmpty
            }
        }
        #expect(up.calls.map(\.body) == [Self.expectedSaleBody])
    }

    @Test func anUnreachableFirstPromoterIsRetriedNotDropped() async throws {
        let harness = try await BridgeHarness()
        // A port that was free a moment ago: connections are refused.
        let closedPort = try await FakeFirstPromoter().application.test(.live) { fake in fake.port! }
        let environment = harness.environment(
            firstPromoterPort: closedPort, extra: ["BRIDGE_RETRY_SCHEDULE": "1s,60s"])
        try await harness.withBridge(environment) { client in
            _ = try await BridgeHarness.post(client, fixture: "invoice.paid.jpy")
            try await BridgeHarness.eventually("a failed attempt is recorded") {
                try await harness.deliveries(.pending).first?.attempts ?? 0 >= 1
            }
        }
        let pending = try #require(try await harness.deliveries(.pending).first)
        #expect(pending.outcome?.hasPrefix("retrying: no answer") == true, "\(pending.outcome ?? "")")
        #expect(pending.nextAttemptAt > pending.updatedAt, "the next attempt waits for its backoff")
    }

    @Test func withoutAnAPIKeyItRunsDry() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter, apiKey: nil) { client in
            _ = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
            try await BridgeHarness.eventually("the call is marked dry run") { try await !harness.deliveries(.dryRun).isEmpty }
        }
        #expect(firstPromoter.calls.isEmpty)
        #expect(try await harness.deliveries(.dryRun).first?.call?.formBody == Self.expectedSaleBody)
    }

    @Test func aRefundFindsItsSaleThroughInvoicePaymentPaid() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            // Half the 9600 charged (tax included) is 4000 of the 8000 sale: refunds exclude tax too.
            for fixture in ["invoice.paid.basil-tax-discount", "invoice_payment.paid"] {
                #expect(try await BridgeHarness.post(client, fixture: fixture).status == .ok)
            }
            try await BridgeHarness.eventually("the sale is settled") { try await harness.settled(deliveries: 2) }
            _ = try await BridgeHarness.post(client, fixture: "charge.refunded.basil-linked")
            try await BridgeHarness.eventually("the refund is delivered") { try await harness.deliveries(.delivered).count == 2 }
        }
        #expect(firstPromoter.calls.last?.body == "email=alice%40example.com&uid=cus_Alice&event_id=ch_1BasilTax-refunded-4800&amount=4000&currency=USD&sale_event_id=in_1BasilTax&created_at=2025-11-24T16%3A00%3A05Z")
    }
}

/// FirstPromoter misbehaving: each answer classified, nothing lost.
@Suite struct MisbehavingFirstPromoterTests {
    /// An answer slower than FIRSTPROMOTER_TIMEOUT_SECONDS is no answer: retried, then delivered.
    @Test func anAnswerPastTheTimeoutIsRetried() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(firstAnswerDelay: .seconds(4))
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["FIRSTPROMOTER_TIMEOUT_SECONDS": "1"]) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the sale is delivered on a later attempt") { try await harness.settled(deliveries: 1) }
        }
        let delivery = try #require(try await harness.deliveries(.delivered).first)
        #expect(delivery.attempts >= 2, "attempts: \(delivery.attempts)")
        #expect(firstPromoter.calls.count >= 2)
    }

    /// The status is what counts: a 200 whose body is not JSON is delivered, its body kept.
    @Test func a200ThatIsNotJSONIsDelivered() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [FakeFirstPromoter.notJSON])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the sale is delivered") { try await harness.settled(deliveries: 1) }
        }
        let delivery = try #require(try await harness.deliveries(.delivered).first)
        #expect(delivery.lastResponse?.contains("<html>") == true, "\(delivery.lastResponse ?? "")")
        #expect(firstPromoter.calls.count == 1)
    }
}

/// FirstPromoter's v2 tracking API, with the same outbox.
@Suite struct FirstPromoterV2Tests {
    @Test func v2SendsJSONWithABearerKeyAndTheAccountAndReads404AsNotAReferral() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [200, 404])
        let v2 = ["FIRSTPROMOTER_API_VERSION": "2", "FIRSTPROMOTER_ACCOUNT_ID": "acc_e2e"]
        try await harness.withBridge(firstPromoter: firstPromoter, extra: v2) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.jpy").status == .ok)
            try await BridgeHarness.eventually("both sales are settled") { try await harness.settled(deliveries: 2) }
        }
        // Two workers: either call may go first.
        let call = try #require(firstPromoter.calls.first { $0.body.contains("in_1BasilTax") })
        #expect(firstPromoter.calls.count == 2)
        #expect(call.path == "/api/v2/track/sale")
        #expect(call.authorization == "Bearer \(BridgeHarness.apiKey)" && call.accountID == "acc_e2e" && call.apiKey == nil)
        #expect(call.contentType == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any])
        #expect(json["event_id"] as? String == "in_1BasilTax")
        #expect(json["amount"] as? Int == 8000, "amounts are numbers in v2: \(call.body)")
        #expect(json["currency"] as? String == "USD")
        let outcomes = try await harness.deliveries(.delivered).compactMap(\.outcome).sorted()
        #expect(outcomes == ["not_referral", "tracked"])
    }

    @Test func v2WithoutTheAccountIdIsAConfigurationErrorNamingIt() async throws {
        let harness = try await BridgeHarness()
        var environment = harness.environment(firstPromoterPort: 1)
        environment["FIRSTPROMOTER_API_VERSION"] = "2"
        #expect(throws: ConfigurationError.self) { try BridgeConfiguration(environment: environment) }
        do {
            _ = try BridgeConfiguration(environment: environment)
        } catch {
            #expect("\(error)".contains("FIRSTPROMOTER_ACCOUNT_ID"), "\(error)")
        }
    }
}

extension MisbehavingFirstPromoterTests {
    /// A connection closed in the middle of the answer is no answer: the call is retried, never
    /// recorded as delivered.
    @Test func anAnswerCutOffMidBodyIsRetried() async throws {
        let harness = try await BridgeHarness()
        let server = try HalfAnswerServer()
        defer { server.stop() }
        let environment = harness.environment(firstPromoterPort: server.port)
        try await harness.withBridge(environment) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the call has been tried twice") { server.connections >= 2 }
        }
        #expect(try await harness.deliveries(.delivered).isEmpty)
        let pending = try #require(try await harness.deliveries(.pending).first)
        #expect(pending.attempts >= 1)
        #expect(pending.outcome?.contains("no answer") == true, "\(pending.outcome ?? "")")
    }
}
