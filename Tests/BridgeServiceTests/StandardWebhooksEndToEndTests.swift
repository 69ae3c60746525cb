import BridgeCore
import BridgeService
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// A Standard Webhooks endpoint through the real server: `STANDARD_WEBHOOKS_ENDPOINTS=acme` serves
/// `/webhooks/standard/acme` under `ACME_WEBHOOK_SECRET`, mapped by `mappings/standard/acme.yaml`.
@Suite struct StandardWebhooksEndToEndTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let signingKey = Curve25519.Signing.PrivateKey()

    static func harness() async throws -> BridgeHarness {
        let example = try String(contentsOf: Fixtures.repository.appendingPathComponent("mappings/standard/example.yaml"), encoding: .utf8)
        return try await BridgeHarness(extraMappings: ["standard/acme.yaml": example])
    }

    static var environment: [String: String] {
        [
            "STANDARD_WEBHOOKS_ENDPOINTS": "acme",
            "ACME_WEBHOOK_SECRET": "\(secret),whpk_\(signingKey.publicKey.rawRepresentation.base64EncodedString())",
        ]
    }

    /// Signed as the standard says: `v1,` with the secret, or `v1a,` with the Ed25519 key.
    static func post(
        _ client: any TestClientProtocol, _ fixture: String, id: String, path: String = "standard/acme", ed25519: Bool = false
    ) async throws -> TestResponse {
        let body = try Fixtures.bytes("standard-webhooks", "\(fixture).json")
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let message = Array("\(id).\(timestamp).".utf8) + body
        let signature: String
        if ed25519 {
            signature = "v1a," + (try signingKey.signature(for: message)).base64EncodedString()
        } else {
            let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
            signature = "v1," + HMACSignature(.sha256, .base64).sign(message, key: Array(key))
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("webhook-id")!] = id
        headers[HTTPField.Name("webhook-timestamp")!] = timestamp
        headers[HTTPField.Name("webhook-signature")!] = signature
        return try await client.execute(uri: "/webhooks/\(path)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test func aSaleItsRefundAndTheEndOfTheSubscription() async throws {
        let harness = try await Self.harness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter, extra: Self.environment) { client in
            #expect(try await Self.post(client, "invoice.paid", id: "msg_1").status == .ok)
            // The sender retries with the same webhook-id: one event.
            let again = try await Self.post(client, "invoice.paid", id: "msg_1")
            #expect(again.text.contains(#""status":"duplicate""#), "\(again.text)")
            try await BridgeHarness.eventually("the sale is sent") { try await harness.settled(deliveries: 1) }
            // Signed with the sender's Ed25519 key instead.
            #expect(try await Self.post(client, "refund.created", id: "msg_2", ed25519: true).status == .ok)
            #expect(try await Self.post(client, "subscription.canceled", id: "msg_3").status == .ok)
            try await BridgeHarness.eventually("everything is sent") { try await harness.settled(deliveries: 3) }
        }
        // The sale first (it was settled before the others were sent); the refund and the
        // cancellation are independent calls, sent in either order.
        let calls = firstPromoter.calls.map(\.body)
        #expect(calls.first == "email=ada%40example.com&uid=cus_SW1&event_id=inv_SW1&amount=5000&plan=pro&currency=USD&mrr=5000"
            + "&subscription_id=sub_SW1&created_at=2025-11-24T16%3A00%3A00Z&tid=tid_SW1")
        #expect(Set(calls.dropFirst()) == [
            "email=ada%40example.com&uid=cus_SW1&event_id=re_SW1&amount=5000&currency=USD&sale_event_id=inv_SW1"
                + "&created_at=2025-11-26T16%3A00%3A00Z",
            "email=ada%40example.com&uid=cus_SW1&event_id=sub_SW1&created_at=2025-12-24T16%3A00%3A00Z",
        ])
        #expect(calls.count == 3)
        let stored = try await harness.store.events(EventQuery(provider: "acme", limit: 10))
        #expect(Set(stored.map(\.eventID)) == ["msg_1", "msg_2", "msg_3"])
    }

    /// Only under `standard/`: `/webhooks/acme` is no provider; a forged or stale one is refused.
    @Test func itIsServedOnlyWhereTheStandardSaysAndOnlySigned() async throws {
        let harness = try await Self.harness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: Self.environment) { client in
            let elsewhere = try await Self.post(client, "invoice.paid", id: "msg_1", path: "acme")
            #expect(elsewhere.status == .notFound, "\(elsewhere.text)")
            let body = try Fixtures.bytes("standard-webhooks", "invoice.paid.json")
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("webhook-id")!] = "msg_1"
            headers[HTTPField.Name("webhook-timestamp")!] = String(Int(Date().timeIntervalSince1970) - 600)
            headers[HTTPField.Name("webhook-signature")!] = "v1,bm90IGEgc2lnbmF0dXJl"
            let forged = try await client.execute(uri: "/webhooks/standard/acme", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(forged.status == .unauthorized, "\(forged.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
    }

    /// An endpoint named without its mapping file stops the start naming the file.
    @Test func anEndpointWithoutItsFileStopsTheStart() async throws {
        let harness = try await BridgeHarness()
        var environment = harness.environment(firstPromoterPort: nil)
        environment["STANDARD_WEBHOOKS_ENDPOINTS"] = "acme"
        #expect {
            _ = try BridgeConfiguration(environment: environment)
        } throws: { error in
            "\(error)".hasPrefix("STANDARD_WEBHOOKS_ENDPOINTS: ") && "\(error)".contains("standard/acme.yaml")
        }
    }
}
