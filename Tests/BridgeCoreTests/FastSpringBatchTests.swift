import BridgeCore
import Foundation
import TestFixtures
import Testing

/// A FastSpring request is a batch: each event comes out with its own id, type and bytes, the
/// very bytes FastSpring wrote (those the fixtures hold), and an event's bad time does not
/// refuse its batch.
struct FastSpringBatchTests {
    static let provider = FastSpringProvider.definition.make(ProviderCredentials(values: ["WEBHOOK_SECRET": ["s"]]))

    @Test func eachEventKeepsItsOwnBytes() throws {
        let body = try Fixtures.bytes("fastspring", "batch.first-purchase.json")
        let envelopes = try Self.provider.envelopes(body: body, headers: WebhookHeaders())
        #expect(envelopes.map(\.id) == ["evt_FS1", "evt_FS11"])
        #expect(envelopes.map(\.type) == ["order.completed", "subscription.activated"])
        #expect(envelopes.map { $0.occurredAt?.description } == ["2025-11-24T16:00:05Z", "2025-11-24T16:00:05Z"])
        for (envelope, fixture) in zip(envelopes, ["order.completed.subscription-first", "subscription.activated"]) {
            let own = try #require(envelope.body)
            // The same event as the fixture, and bytes cut from the request itself.
            #expect(try JSONSerialization.jsonObject(with: Data(own)) as? NSDictionary
                == JSONSerialization.jsonObject(with: Data(Fixtures.bytes("fastspring", "\(fixture).json"))) as? NSDictionary)
            #expect(String(decoding: body, as: UTF8.self).contains(String(decoding: own, as: UTF8.self)))
        }
        #expect(Self.provider.acknowledgesEventIDs)
    }

    @Test func aTimeOutOfRangeIsLeftOutNotRefused() throws {
        let body = Array(#"{"events":[{"id":"e1","type":"order.completed","created":9999999999999999,"data":{}},{"id":"e2","type":"x","data":{}}]}"#.utf8)
        let envelopes = try Self.provider.envelopes(body: body, headers: WebhookHeaders())
        #expect(envelopes.map(\.id) == ["e1", "e2"])
        #expect(envelopes.allSatisfy { $0.occurredAt == nil })
    }

    @Test func aBatchWithoutItsListNamesIt() {
        #expect {
            _ = try Self.provider.envelopes(body: Array(#"{"event":{"id":"e1"}}"#.utf8), headers: WebhookHeaders())
        } throws: { "\($0)".contains("no events list") }
    }
}
