import BridgeCore
import BridgeService
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// What the receiver refuses, and that a refusal stores nothing.
@Suite struct ReceiverTests {
    @Test func forgedStaleAndMalformedWebhooksAreRefusedAndNothingIsStored() async throws {
        let harness = try await BridgeHarness()
        let body = try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json")
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let wrongSecret = try await BridgeHarness.post(client, body: body, secret: "whsec_forged")
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.text.contains("no signature in Stripe-Signature matches"))
            #expect(!wrongSecret.text.contains(BridgeHarness.secret))

            let stale = try await BridgeHarness.post(client, body: body, timestamp: Int(Date().timeIntervalSince1970) - 301)
            #expect(stale.status == .unauthorized)
            #expect(stale.text.contains("more than the tolerance of 300 s"))

            let unsigned = try await client.execute(
                uri: "/webhooks/stripe", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text == #"{"error":"missing Stripe-Signature header"}"#)

            let malformed = try await client.execute(
                uri: "/webhooks/stripe", method: .post,
                headers: [HTTPField.Name("Stripe-Signature")!: "t=now,v1=abc", .contentType: "application/json"],
                body: ByteBuffer(bytes: body))
            #expect(malformed.status == .badRequest)
            #expect(malformed.text.contains("malformed Stripe-Signature header"))

            let form = try await BridgeHarness.post(client, body: body, contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)

            let unknown = try await client.execute(uri: "/webhooks/nosuch", method: .post, body: ByteBuffer(bytes: body))
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("no provider 'nosuch' is configured"))
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.store.events(in: .mapped, limit: 10).isEmpty)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let harness = try await BridgeHarness()
        let environment = harness.environment(firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_MAX_BODY_BYTES": "1024"])
        try await harness.withBridge(environment) { client in
            let big = Array(#"{"id":"evt_big","type":"invoice.paid","pad":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 4096)
                + Array(#""}"#.utf8)
            let response = try await BridgeHarness.post(client, body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("over the limit of 1024"))
        }
    }

    @Test func aVerifiedBodyThatIsNoEventIsKeptAsideAnd400() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let response = try await BridgeHarness.post(client, body: Array(#"{"object":"event"}"#.utf8))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("signature verified, but the body is not a stripe event"))
        }
        let kept = try await harness.store.events(in: .undecodable, limit: 10)
        #expect(kept.count == 1)
        #expect(kept.first?.body == Array(#"{"object":"event"}"#.utf8))
        #expect(kept.first?.error?.contains("id is missing") == true)
    }

    @Test func whenTheStoreCannotCommitItAnswers503AndLosesNothingAfter() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            try await harness.refuseEventInserts(true)
            let refused = try await BridgeHarness.post(client, fixture: "invoice.paid.jpy")
            #expect(refused.status == .serviceUnavailable)
            let readiness = try await client.execute(uri: "/readyz", method: .get)
            #expect(readiness.status == .ok)

            try await harness.refuseEventInserts(false)
            let retried = try await BridgeHarness.post(client, fixture: "invoice.paid.jpy")
            #expect(retried.status == .ok)
            #expect(retried.text.contains(#""status":"stored""#))
        }
    }

    @Test func healthAndReadiness() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            let readiness = try await client.execute(uri: "/readyz", method: .get)
            #expect(health.text == #"{"status":"ok"}"#)
            #expect(readiness.text == #"{"status":"ready"}"#)
        }
    }

    @Test func aMappingFailureIsKeptForReplay() async throws {
        let harness = try await BridgeHarness()
        // Signed and enveloped, but the invoice has no currency: the mapper cannot use it.
        let body = Array(#"{"id":"evt_nocur","type":"invoice.paid","livemode":true,"data":{"object":{"id":"in_x"}}}"#.utf8)
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            #expect(try await BridgeHarness.post(client, body: body).status == .ok)
            try await BridgeHarness.eventually("the mapping failure is recorded") {
                try await !harness.store.events(in: .failed, limit: 1).isEmpty
            }
        }
        let failed = try await harness.store.events(in: .failed, limit: 1)
        #expect(failed.first?.error?.contains("currency is missing") == true)
        #expect(try await harness.store.requeueForMapping(rows: nil) == 1)
    }
}

extension ReceiverTests {
    /// `evt_\0second` must not become `evt_` (a duplicate of another event, silently dropped),
    /// and a line break in an id must not forge a log line: such events are kept aside, whole.
    @Test(arguments: ["evt_\u{0}second", "evt_x\nlevel=info forged", ""])
    func idsWithControlCharactersAreKeptAsideWhole(_ id: String) async throws {
        let harness = try await BridgeHarness()
        let body = Array(
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "type": "invoice.paid", "data": ["object": [:]]]), as: UTF8.self)
                .utf8)
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let first = try await BridgeHarness.post(client, body: Array(#"{"id":"evt_","type":"invoice.paid","data":{"object":{}}}"#.utf8))
            #expect(first.status == .ok)
            let response = try await BridgeHarness.post(client, body: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(id.isEmpty ? "empty" : "control character"), "\(response.text)")
        }
        let kept = try await harness.store.events(in: .undecodable, limit: 10)
        #expect(kept.count == 1)
        #expect(kept.first?.body == body, "kept byte for byte")
    }
}
