import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// FastSpring through the real server, a SQLite file and the fake FirstPromoter: requests that
/// each carry a batch of events.
@Suite struct FastSpringEndToEndTests {
    static func post(_ client: any TestClientProtocol, _ batch: String, secret: String? = nil) async throws -> TestResponse {
        try await BridgeHarness.postSigned(
            client, provider: "fastspring", body: try Fixtures.bytes("fastspring", "\(batch).json"), secret: secret)
    }

    /// Each event of a batch is stored under its own id, and the answer lists the ids taken, as
    /// FastSpring requires; the same batch again is taken again, and stores nothing new.
    @Test func aBatchIsStoredEventByEventAndItsIdsAreAnswered() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            let first = try await Self.post(client, "batch.first-purchase")
            #expect(first.status == .ok)
            #expect(first.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(first.text == "evt_FS1\nevt_FS11\n")
            let again = try await Self.post(client, "batch.first-purchase")
            #expect(again.text == "evt_FS1\nevt_FS11\n")
            let second = try await Self.post(client, "batch.return-and-cancel")
            #expect(second.text == "evt_FS8\nevt_FS10\n")
            try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
        }
        let events = try await harness.store.events(EventQuery(provider: "fastspring", limit: 10))
        #expect(Set(events.map(\.eventID)) == ["evt_FS1", "evt_FS11", "evt_FS8", "evt_FS10"])
        // The sale first; the refund and the cancellation each after it, in either order.
        let calls = firstPromoter.calls
        #expect(calls.first?.path == "/api/v1/track/sale")
        #expect(calls.map(\.path).sorted() == ["/api/v1/track/cancellation", "/api/v1/track/refund", "/api/v1/track/sale"])
        #expect(calls.first?.body.contains("event_id=ord_FS1000001&amount=1999&quantity=1&plan=pro-monthly&currency=USD&mrr=1999") == true)
        #expect(calls.contains { $0.body.contains("event_id=ret_FS1001&amount=1000&currency=USD&sale_event_id=ord_FS1000001") })
    }

    @Test func aForgedOrUnsignedBatchStoresNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            let forged = try await Self.post(client, "batch.first-purchase", secret: "guess")
            #expect(forged.status == .unauthorized)
            #expect(forged.text.contains("no signature in X-FS-Signature matches"), "\(forged.text)")
            let unsigned = try await client.execute(
                uri: "/webhooks/fastspring", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: try Fixtures.bytes("fastspring", "batch.first-purchase.json")))
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.text.contains("missing X-FS-Signature header"), "\(unsigned.text)")
        }
        #expect(try await harness.store.events(in: .received, limit: 10).isEmpty)
        #expect(try await harness.store.events(in: .mapped, limit: 10).isEmpty)
    }
}
