import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// A provider declared in `mappings/custom/` alone, through the real server, a SQLite file and the
/// fake FirstPromoter: the Paystack example makes exactly the calls the built-in Paystack makes.
@Suite struct DeclaredProviderEndToEndTests {
    static let secret = "sk_test_declared_0123456789abcdef0123456789abcdef"

    static func post(_ client: any TestClientProtocol, _ provider: String, fixture: String, secret: String) async throws -> TestResponse {
        let body = try Fixtures.bytes("paystack", "\(fixture).json")
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("x-paystack-signature")!] = HMACSignature(.sha512, .hex).sign(body, key: Array(secret.utf8))
        return try await client.execute(uri: "/webhooks/\(provider)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// The same webhooks to `/webhooks/paystack` and to `/webhooks/paystack-declared` (each in a
    /// bridge of its own): the same FirstPromoter calls, byte for byte, in the same order.
    @Test func theDeclaredExampleMakesTheBuiltInsCalls() async throws {
        let fixtures = [
            "charge.success.plan-monthly", "charge.success.plan-monthly", "charge.success.test-mode", "refund.processed.full",
            "subscription.disable", "charge.success.plan-annual",
        ]
        var calls: [String: [String]] = [:]
        for (provider, secret) in [("paystack", BridgeHarness.paystackSecretKey), ("paystack-declared", Self.secret)] {
            let harness = try await BridgeHarness()
            let firstPromoter = FakeFirstPromoter()
            try await harness.withBridge(firstPromoter: firstPromoter, extra: ["PAYSTACK_DECLARED_WEBHOOK_SECRET": Self.secret]) { client in
                for fixture in fixtures {
                    let response = try await Self.post(client, provider, fixture: fixture, secret: secret)
                    #expect(response.status == .ok, "\(provider) \(fixture): \(response.text)")
                    // Settled one by one, so that both bridges see the same order.
                    try await BridgeHarness.eventually("\(fixture) is handled") { try await harness.settled() }
                }
                let forged = try await Self.post(client, provider, fixture: "charge.success", secret: "sk_test_guess")
                #expect(forged.status == .unauthorized, "\(forged.text)")
            }
            calls[provider] = firstPromoter.calls.map { "\($0.path) \($0.body)" }
        }
        #expect(calls["paystack"]?.count == 4, "\(calls["paystack"] ?? [])")
        #expect(calls["paystack-declared"] == calls["paystack"])
    }

    static let razorpaySecret = "declared_razorpay_secret_0123456789"

    /// Razorpay's subscription charge, declared: its three events, in two orders, are one sale (the
    /// subscription's), as the built-in Razorpay makes it (`RazorpayEndToEndTests.renewalSale`):
    /// the file's `one_payment` holds and claims work through the server.
    @Test(arguments: [
        ["payment.captured.subscription", "invoice.paid.subscription", "subscription.charged"],
        ["subscription.charged", "invoice.paid.subscription", "payment.captured.subscription"],
    ])
    func theDeclaredRazorpayMakesOneSaleOfAPayment(_ order: [String]) async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["RAZORPAY_DECLARED_WEBHOOK_SECRET": Self.razorpaySecret]) { client in
            for fixture in order + [order[0]] {
                let body = try Fixtures.bytes("razorpay", "\(fixture).json")
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[HTTPField.Name("X-Razorpay-Signature")!] = HMACSignature.hex(message: body, secret: Self.razorpaySecret)
                headers[HTTPField.Name("X-Razorpay-Event-Id")!] = "evt_\(fixture)"
                let response = try await client.execute(
                    uri: "/webhooks/razorpay-declared", method: .post, headers: headers, body: ByteBuffer(bytes: body))
                #expect(response.status == .ok, "\(fixture): \(response.text)")
            }
            try await BridgeHarness.eventually("the sale is delivered and nothing waits") {
                let delivered = try await harness.deliveries(.delivered).count
                return try await harness.settled() && delivered == 1
            }
        }
        #expect(firstPromoter.calls.map(\.body) == [RazorpayEndToEndTests.renewalSale])
        #expect(try await harness.store.events(EventQuery(provider: "razorpay-declared", limit: 10)).count == 3)
    }

    /// A verified payload without a path the file names is a failed event naming the path, kept
    /// for replay: never a default.
    @Test func aMissingPathIsAFailedEventNamingIt() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["PAYSTACK_DECLARED_WEBHOOK_SECRET": Self.secret]) { client in
            var event = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("paystack", "charge.success.json"))) as? [String: Any])
            var data = try #require(event["data"] as? [String: Any])
            data["amount"] = nil
            event["data"] = data
            let body = Array(try JSONSerialization.data(withJSONObject: event))
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("x-paystack-signature")!] = HMACSignature(.sha512, .hex).sign(body, key: Array(Self.secret.utf8))
            let response = try await client.execute(uri: "/webhooks/paystack-declared", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == .ok, "\(response.text)")
            try await BridgeHarness.eventually("the event fails") { try await !harness.store.events(in: .failed, limit: 1).isEmpty }
        }
        let failed = try #require(try await harness.store.events(in: .failed, limit: 1).first)
        #expect(failed.provider == "paystack-declared")
        #expect(failed.error?.contains("data.amount is missing (sale.amount)") == true, "\(failed.error ?? "")")
        #expect(firstPromoter.calls.isEmpty)
    }
}
