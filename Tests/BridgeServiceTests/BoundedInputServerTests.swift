import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestFixtures
import Testing

/// Issue 13's findings that reach the real server, each one as the attacker or the careless
/// provider sent it. Each of these failed (or crashed the test process) on the code before.
@Suite struct BoundedInputServerTests {
    /// A Stripe invoice event with `created` set to `value` (JSON text), signed.
    static func stripeEvent(id: String, created: String) throws -> [UInt8] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json"))) as? [String: Any])
        json["id"] = id
        json["created"] = 0
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json, options: .sortedKeys), as: UTF8.self)
        return Array(text.replacingOccurrences(of: #""created":0"#, with: #""created":\#(created)"#).utf8)
    }

    /// Finding 1: the millisecond conversion trapped before anything was stored, and the retry
    /// trapped again. Now the event is stored once (200, so the provider stops sending it) and
    /// fails naming the field; the service serves on.
    @Test func anOutOfRangeTimestampFailsTheEventNamingTheFieldAndTheServiceServesOn() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            for (index, created) in ["9223372036854775807", "-9223372036854775808", "9300000000000000", "1e300"].enumerated() {
                let body = try Self.stripeEvent(id: "evt_time_\(index)", created: created)
                #expect(try await BridgeHarness.post(client, body: body).status == .ok, "created: \(created)")
                // The provider's retry is a duplicate, not a second row nor a second crash.
                #expect(try await BridgeHarness.post(client, body: body).text.contains("duplicate"))
            }
            let chargebee = try String(decoding: Fixtures.bytes("chargebee", "payment_succeeded.json"), as: UTF8.self)
            for (index, occurred) in ["9223372036854775807", "-9223372036854775807"].enumerated() {
                let body = chargebee.replacing(/"occurred_at":\s*\d+/, with: #""occurred_at":\#(occurred)"#)
                    .replacing(/"id":\s*"ev_[^"]*"/, with: #""id":"ev_time_\#(index)""#)
                let response = try await BridgeHarness.postSigned(
                    client, provider: "chargebee", body: Array(body.utf8), basicAuth: "chargebee:\(BridgeHarness.chargebeePassword)")
                #expect(response.status == .ok, "occurred_at: \(occurred)")
            }
            try await BridgeHarness.eventually("all six failed") { try await harness.store.events(in: .failed, limit: 10).count == 6 }
            // Still serving: a good webhook is stored and sent.
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the good sale is delivered") { try await harness.deliveries(.delivered).count == 1 }
        }
        let failed = try await harness.store.events(in: .failed, limit: 10)
        #expect(failed.count == 6)
        #expect(failed.allSatisfy { ($0.error ?? "").contains("created") || ($0.error ?? "").contains("occurred_at") }, "\(failed.map(\.error))")
    }

    /// Finding 2: `total - tax` trapped in the mapper and left the event `received`: a crash loop.
    @Test func anInvoiceWhoseTotalLessTaxDoesNotFitFailsNamingIt() async throws {
        let harness = try await BridgeHarness()
        let body = try Fixtures.stripeEvent(
            "invoice.paid.basil-tax-discount", id: "evt_total_min", setting: ["total_excluding_tax": NSNull(), "total": Int.min, "tax": 1])
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            #expect(try await BridgeHarness.post(client, body: body).status == .ok)
            try await BridgeHarness.eventually("the event failed") { try await !harness.store.events(in: .failed, limit: 1).isEmpty }
        }
        let failed = try #require(try await harness.store.events(in: .failed, limit: 1).first)
        #expect(failed.error?.contains("does not fit") == true, "\(failed.error ?? "")")
    }

    /// Finding 3: the provider label was the raw path segment, even for 404s.
    @Test func metricsLabelsComeFromAClosedSet() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            for index in 0..<50 {
                let name = "random\(index)" + String(repeating: "x", count: index * 20)
                #expect(try await client.execute(uri: "/webhooks/\(name)", method: .post, body: ByteBuffer(string: "{}")).status == .notFound)
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(!metrics.contains("random"))
            #expect(metrics.contains(#"provider="unknown""#))
            let providers = Set(metrics.matches(of: /provider="([^"]*)"/).map { String($0.1) })
            #expect(providers.isSubset(of: Set(ProviderRegistry.all.map(\.id.rawValue) + ["unknown"])), "\(providers)")
        }
    }

    /// Finding 4: stalled unverified bodies held memory without bound. With a small budget, one
    /// peer past its share gets 429, every peer together past the whole budget 503; once they are
    /// answered the budget is whole again and real webhooks go through.
    @Test func unverifiedBytesHaveAGlobalAndAPerPeerBudget() async throws {
        let harness = try await BridgeHarness()
        let environment = harness.environment(
            firstPromoterPort: nil, apiKey: nil,
            extra: [
                "BRIDGE_MAX_BODY_BYTES": "65536", "BRIDGE_UNVERIFIED_BYTES": "196608", "BRIDGE_UNVERIFIED_BYTES_PER_PEER": "131072",
                "BRIDGE_BODY_TIMEOUT_SECONDS": "20", "BRIDGE_IDLE_TIMEOUT_SECONDS": "30",
            ])
        try await harness.withBridge(environment) { client in
            let port = try #require(client.port)
            let chunk = String(repeating: "a", count: 60_000)
            func stall(from source: String) throws -> RawConnection {
                let connection = try RawConnection(port: port, source: source)
                connection.send(
                    "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 65000\r\n\r\n" + chunk)
                return connection
            }
            // 120,000 bytes held by 127.0.0.2: within its share. A third body is past it.
            let held = [try stall(from: "127.0.0.2"), try stall(from: "127.0.0.2")]
            try await Task.sleep(for: .milliseconds(300))
            let third = try stall(from: "127.0.0.2")
            let perPeer = try #require(await third.readUntilClosed(seconds: 15, until: "\"error\""))
            #expect(perPeer.hasPrefix("HTTP/1.1 429"), "\(perPeer)")
            // 127.0.0.3 has its own share, but the whole budget (192 KiB) is nearly taken.
            let fourth = try stall(from: "127.0.0.3")
            try await Task.sleep(for: .milliseconds(300))
            let fifth = try stall(from: "127.0.0.4")
            let whole = try #require(await fifth.readUntilClosed(seconds: 15, until: "\"error\""))
            #expect(whole.hasPrefix("HTTP/1.1 503"), "\(whole)")
            #expect(whole.lowercased().contains("retry-after"), "\(whole)")
            // A real webhook (a few KiB) still fits, in the reserve kept for small bodies.
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            // The held bodies are finished (forged: 401), and the budget is given back.
            for connection in held + [fourth] {
                connection.send(String(repeating: "b", count: 5000))
                let answer = try #require(await connection.readUntilClosed(seconds: 15, until: "\"error\""))
                #expect(answer.hasPrefix("HTTP/1.1 4"), "\(answer)")
            }
            #expect(try await BridgeHarness.post(client, body: try Self.stripeEvent(id: "evt_after", created: "1764000000")).status == .ok)
        }
    }

    /// Finding 6: ids `in_X\0one` and `in_X\0two` were both cut to `in_X`, and the second sale
    /// was dropped as a duplicate. Now each such event fails naming the id; nothing is merged.
    @Test func anIDHoldingANULIsRefusedNotCut() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            for (index, suffix) in ["one", "two"].enumerated() {
                let body = try Fixtures.stripeEvent("invoice.paid.basil-tax-discount", id: "evt_nul_\(index)", setting: ["id": "in_X\u{0}\(suffix)"])
                #expect(try await BridgeHarness.post(client, body: body).status == .ok)
            }
            try await BridgeHarness.eventually("both failed") { try await harness.store.events(in: .failed, limit: 5).count == 2 }
        }
        #expect(try await harness.deliveries().isEmpty, "no call was queued under a cut id")
        let failed = try await harness.store.events(in: .failed, limit: 5)
        #expect(failed.allSatisfy { ($0.error ?? "").contains("control character") })
    }

    /// Finding 8: a 200 whose body was over 64 KiB counted as no answer, and the sale was sent again.
    @Test func aHugeFirstPromoterAnswerKeepsItsStatus() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [FakeFirstPromoter.hugeBody])
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("delivered") { try await harness.deliveries(.delivered).count == 1 }
        }
        #expect(firstPromoter.calls.count == 1, "sent once")
        let attempts = try await harness.store.attempts(ofDelivery: try #require(try await harness.deliveries().first?.id))
        #expect(attempts.count == 1 && attempts[0].httpStatus == 200)
    }
}
