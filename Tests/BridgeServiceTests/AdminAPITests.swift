import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The admin API through the real server: off without a token, the same 401 for a missing or
/// a wrong one, and with it every event's story, filtered lists, replays that say why not.
@Suite struct AdminAPITests {
    static let token = "admin-token-for-tests-0123456789"

    func get(_ client: any TestClientProtocol, _ path: String, token: String? = Self.token) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    func post(_ client: any TestClientProtocol, _ path: String, json: String) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post, headers: [.authorization: "Bearer \(Self.token)", .contentType: "application/json"],
            body: ByteBuffer(string: json))
    }

    func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func theAPIIsOffWithoutAToken() async throws {
        let harness = try await BridgeHarness()
        let status = try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            try await get(client, "/admin/api/summary").status
        }
        #expect(status == .notFound)
    }

    @Test func aMissingOrWrongTokenGetsTheSame401() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            let missing = try await get(client, "/admin/api/summary", token: nil)
            let wrong = try await get(client, "/admin/api/summary", token: "admin-token-for-tests-0123456788")
            let short = try await get(client, "/admin/api/summary", token: "a")
            for response in [missing, wrong, short] {
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.text == missing.text)
            }
            #expect(try await get(client, "/admin/api/summary").status == .ok)
        }
    }

    @Test func anInvoiceIsFoundWithItsWholeStoryAndItsDeliveryReplayed() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            for fixture in ["invoice.paid.basil-tax-discount", "charge.refunded.basil-linked", "invoice_payment.paid"] {
                #expect(try await BridgeHarness.post(client, fixture: fixture).status == .ok)
            }
            try await BridgeHarness.eventually("sale and refund are delivered") {
                try await harness.deliveries(.delivered).count == 2
            }
            // Any id finds the event: here the charge the refund names.
            let found = try object(try await get(client, "/admin/api/find?id=ch_1BasilTax"))
            let events = try #require(found["events"] as? [[String: Any]])
            let refund = try #require(events.first { ($0["event"] as? [String: Any])?["eventID"] as? String == "evt_1RefundBasil" })
            let event = try #require(refund["event"] as? [String: Any])
            #expect((event["body"] as? String)?.contains("ch_1BasilTax") == true)
            #expect((event["headers"] as? [String: String])?.keys.contains { $0.lowercased() == "stripe-signature" } == true)
            let story = try #require((refund["deliveries"] as? [[String: Any]])?.first)
            let attempts = try #require(story["attempts"] as? [[String: Any]])
            #expect(attempts.first?["httpStatus"] as? Int == 200)
            #expect((attempts.first?["url"] as? String)?.hasSuffix("/api/v1/track/refund") == true)
            let delivery = try #require(story["delivery"] as? [String: Any])
            let id = try #require(delivery["id"] as? Int)

            // Filters, and a bad one named.
            let sales = try object(try await get(client, "/admin/api/deliveries?status=delivered&action=sale"))
            #expect((sales["items"] as? [[String: Any]])?.count == 1)
            let bad = try await get(client, "/admin/api/deliveries?status=sent")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("status='sent' is not one of"))
            // A page at a time, newest first.
            let page = try object(try await get(client, "/admin/api/events?limit=2"))
            #expect((page["items"] as? [[String: Any]])?.count == 2)
            let next = try #require(page["next"] as? Int)
            let rest = try object(try await get(client, "/admin/api/events?limit=2&before=\(next)"))
            #expect((rest["items"] as? [[String: Any]])?.count == 1)
            #expect(rest["next"] == nil)

            // A delivered call is not replayed unless forced; an unknown id says so; 207 then.
            let refused = try await post(client, "/admin/api/deliveries/replay", json: "{\"ids\": [\(id), 424242]}")
            #expect(refused.status.code == 207)
            #expect(refused.text.contains("send it again only with --force"))
            #expect(refused.text.contains("no such delivery"))
            let forced = try await post(client, "/admin/api/deliveries/replay", json: "{\"ids\": [\(id)], \"force\": true}")
            #expect(forced.status == .ok)
            try await BridgeHarness.eventually("the forced replay is sent") { firstPromoter.calls.count == 3 }
            // Dead letters by provider and time range: none of Paddle's; a bad time is named.
            let paddle = try await post(client, "/admin/api/deliveries/replay-dead?provider=paddle&since=2026-01-01T00:00:00Z", json: "")
            #expect(paddle.status == .ok && paddle.text == #"{"requeued":0}"#, "\(paddle.text)")
            let badTime = try await post(client, "/admin/api/deliveries/replay-dead?since=yesterday", json: "")
            #expect(badTime.status == .badRequest && badTime.text.contains("since='yesterday'"), "\(badTime.text)")
            let summary = try object(try await get(client, "/admin/api/summary"))
            #expect(summary["lastDeliveredAt"] != nil)
        }
        // The replay is in the history, after the first attempt, which is still there.
        let history = try await harness.store.attempts(ofDelivery: try #require(try await harness.deliveries(.delivered).last?.id))
        #expect(history.map(\.kind) == [.call, .replay, .call])
        #expect(history[1].outcome == "replayed by admin api; was delivered: tracked")
    }
}
