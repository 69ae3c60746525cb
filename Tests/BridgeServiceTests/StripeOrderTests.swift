import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Stripe does not deliver in order, and one payment fires several events. Through the real
/// server, a SQLite file and the fake FirstPromoter: every order gives the same calls, once each,
/// and a refund never goes before its sale.
@Suite struct StripeOrderTests {
    static let carolSale =
        "email=carol%40example.com&uid=cus_Carol&event_id=pi_1Carol&amount=5000&currency=EUR"
        + "&created_at=2025-11-24T16%3A00%3A05Z&tid=tid_carol"
    static let aliceRefund =
        "email=alice%40example.com&uid=cus_Alice&event_id=ch_1BasilTax-refunded-4800&amount=4000&currency=USD"
        + "&sale_event_id=in_1BasilTax&created_at=2025-11-24T16%3A00%3A05Z"

    static func orders(_ items: [String]) -> [[String]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return orders(rest).map { [first] + $0 }
        }
    }

    /// Posts the fixtures in order, signed as their provider signs (Stripe's by default), then
    /// waits until nothing more will be sent.
    static func deliver(
        _ fixtures: [String], harness: BridgeHarness, firstPromoter: FakeFirstPromoter, calls: Int,
        post: @escaping @Sendable (any TestClientProtocol, String) async throws -> TestResponse = {
            try await BridgeHarness.post($0, fixture: $1)
        }
    ) async throws {
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for fixture in fixtures {
                let response = try await post(client, fixture)
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("\(calls) calls are made and nothing is left to send") {
                try await harness.settled() && firstPromoter.calls.count >= calls
            }
        }
    }

    @Test(arguments: orders(["checkout.session.completed.payment", "payment_intent.succeeded.carol", "charge.succeeded.carol"]))
    func aOneTimePaymentIsOneSaleWhateverItsEventsOrder(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 2)
        // The lead first (its tid is in the session's metadata), then one sale, tax excluded.
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/signup", "/api/v1/track/sale"])
        #expect(firstPromoter.calls.last?.body == Self.carolSale)
        #expect(firstPromoter.calls.first?.body == "email=carol%40example.com&uid=cus_Carol&tid=tid_carol&created_at=2025-11-24T16%3A00%3A05Z")
    }

    @Test(arguments: orders([
        "invoice.paid.basil-tax-discount", "invoice.payment_succeeded.basil-tax-discount", "charge.succeeded.basil-invoice",
        "invoice_payment.paid",
    ]))
    func aSubscriptionInvoiceIsOneSaleWhateverItsEventsOrder(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 1)
        // The charge is the invoice's payment, not a one-time sale of its own.
        #expect(firstPromoter.calls.map(\.body) == [EndToEndTests.expectedSaleBody])
    }

    @Test(arguments: orders(["charge.refunded.basil-linked", "invoice_payment.paid", "invoice.paid.basil-tax-discount"]))
    func aRefundWaitsForItsLinkAndItsSale(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 2)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.last?.body == Self.aliceRefund)
        #expect(try await harness.deliveries(.held).isEmpty)
    }

    @Test func aHeldRefundSurvivesARestart() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            #expect(try await BridgeHarness.post(client, fixture: "charge.refunded.basil-linked").status == .ok)
            try await BridgeHarness.eventually("the refund is held") { try await harness.deliveries(.held).count == 1 }
        }
        let held = try #require(try await harness.deliveries(.held).first)
        #expect(held.outcome?.contains("held for the link to its sale, or the sale") == true, "\(held.outcome ?? "")")
        #expect(held.call == nil)

        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(
            ["invoice_payment.paid", "invoice.paid.basil-tax-discount"], harness: harness, firstPromoter: firstPromoter, calls: 2)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.last?.body == Self.aliceRefund)
        #expect(try await harness.deliveries(.held).isEmpty)
    }

    @Test func aRefundIsNotSentBeforeItsSaleIsDelivered() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [503, 503])
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["BRIDGE_RETRY_SCHEDULE": "400ms,800ms,1600ms"]) { client in
            for fixture in ["invoice.paid.basil-tax-discount", "invoice_payment.paid", "charge.refunded.basil-linked"] {
                #expect(try await BridgeHarness.post(client, fixture: fixture).status == .ok)
            }
            try await BridgeHarness.eventually("the refund is held behind the failing sale") {
                try await harness.deliveries(.held).contains { $0.heldBy?.contains("after sale in_1BasilTax") == true }
            }
            try await BridgeHarness.eventually("both are delivered") { try await harness.deliveries(.delivered).count == 2 }
        }
        #expect(firstPromoter.calls.map(\.path) == [
            "/api/v1/track/sale", "/api/v1/track/sale", "/api/v1/track/sale", "/api/v1/track/refund",
        ])
    }

    @Test func aLostDisputeIsARefundOfItsSaleAndAWonOneIsNothing() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(
            ["charge.dispute.closed.won", "charge.dispute.closed.lost", "invoice.payment_succeeded.acacia-yearly"],
            harness: harness, firstPromoter: firstPromoter, calls: 2)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/sale", "/api/v1/track/refund"])
        #expect(firstPromoter.calls.last?.body == "email=bob%40example.com&uid=cus_Bob&event_id=dp_1Lost&amount=192000&currency=EUR&sale_event_id=in_1AcaciaYear&created_at=2025-11-24T16%3A00%3A05Z")
        let ignored = try await harness.deliveries(.ignored)
        #expect(ignored.contains { $0.outcome?.contains("closed as won") == true })
    }

    @Test(arguments: [(422, "already_signed_up"), (404, "unknown_visitor")])
    func aSignupThatFirstPromoterAlreadyHasOrDoesNotKnowIsDoneNotRetried(_ status: Int, _ outcome: String) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [status])
        try await Self.deliver(["checkout.session.completed.payment"], harness: harness, firstPromoter: firstPromoter, calls: 2)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/signup", "/api/v1/track/sale"])
        let delivered = try await harness.deliveries(.delivered)
        #expect(delivered.map(\.outcome) == [outcome, "tracked"])
    }

    @Test func aRefundWhoseLinkNeverComesGoesAfterItsHoldAndSaysSo() async throws {
        let harness = try await BridgeHarness(stripeMapping: "holds: {refund_link_seconds: 1}\n")
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(["charge.refunded.basil-linked"], harness: harness, firstPromoter: firstPromoter, calls: 1)
        #expect(firstPromoter.calls.map(\.body) == [
            "email=alice%40example.com&uid=cus_Alice&event_id=ch_1BasilTax-refunded-4800&amount=4800&currency=USD&created_at=2025-11-24T16%3A00%3A05Z"
        ])
        let delivered = try #require(try await harness.deliveries(.delivered).first)
        #expect(delivered.note?.contains("sent without sale_event_id, as charged, tax not excluded") == true, "\(delivered.note ?? "")")
    }

    @Test func aPaymentNoInvoiceOrSessionClaimsIsAOneTimeSaleAfterItsHold() async throws {
        let harness = try await BridgeHarness(stripeMapping: "holds: {payment_seconds: 1}\n")
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(
            ["charge.succeeded.carol", "payment_intent.succeeded.carol"], harness: harness, firstPromoter: firstPromoter, calls: 1)
        #expect(firstPromoter.calls.map(\.body) == [
            "email=carol%40example.com&uid=cus_Carol&event_id=pi_1Carol&amount=5950&currency=EUR&created_at=2025-11-24T16%3A00%3A00Z"
        ])
    }
}

extension StripeOrderTests {
    /// Without `invoice_payment.paid`, an invoice still claims its charge: the same customer was
    /// charged the same amount at the same time.
    @Test(arguments: orders(["invoice.paid.basil-tax-discount", "charge.succeeded.basil-invoice"]))
    func aSubscriptionChargeWithoutItsLinkEventIsStillNotASecondSale(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await Self.deliver(order, harness: harness, firstPromoter: firstPromoter, calls: 1)
        #expect(firstPromoter.calls.map(\.body) == [EndToEndTests.expectedSaleBody])
    }

    /// A sale waits for its lead's signup while it is pending, not behind a dead one: the sale
    /// carries the tid itself.
    @Test func aDeadSignupDoesNotHoldTheSale() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [400])
        try await Self.deliver(["checkout.session.completed.payment"], harness: harness, firstPromoter: firstPromoter, calls: 2)
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/signup", "/api/v1/track/sale"])
        #expect(try await harness.deliveries(.dead).map(\.call?.endpoint) == [.signup])
        #expect(try await harness.deliveries(.delivered).map(\.call?.endpoint) == [.sale])
    }
}

extension StripeOrderTests {
    /// The lead exists before its sale: while the signup is being retried, the sale waits.
    @Test func aSaleWaitsForItsLeadsSignup() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [503, 503])
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["BRIDGE_RETRY_SCHEDULE": "300ms,600ms,1200ms"]) { client in
            #expect(try await BridgeHarness.post(client, fixture: "checkout.session.completed.payment").status == .ok)
            try await BridgeHarness.eventually("the sale is held behind the signup") {
                try await harness.deliveries(.held).contains { $0.heldBy?.contains("after signup signup-uid-cus_Carol") == true }
            }
            try await BridgeHarness.eventually("both are delivered") { try await harness.deliveries(.delivered).count == 2 }
        }
        #expect(firstPromoter.calls.map(\.path) == [
            "/api/v1/track/signup", "/api/v1/track/signup", "/api/v1/track/signup", "/api/v1/track/sale",
        ])
    }
}
