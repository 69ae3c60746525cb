import BridgeCore
@testable import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The receiver's path for a provider that sends several events in one request: each stored
/// under its own dedup key, with its own bytes, before the one answer.
@Suite struct BatchedRequestTests {
    /// A provider of the shape several planned ones have: a JSON array of events, unsigned.
    struct BatchingProvider: Provider {
        let id: ProviderID = "batching"
        let accepts: Set<BridgeCore.MediaType> = [.json]

        func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {}
        func answerChallenge(query: [String: String]) throws(VerificationError) -> String? { nil }

        func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
            let items = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: String]] ?? []
            return try items.map { item in
                guard let id = item["id"], let type = item["type"] else { throw PayloadError("an event lacks id or type") }
                return EventEnvelope(
                    id: id, type: type, occurredAt: nil, body: Array(try JSONSerialization.data(withJSONObject: item, options: .sortedKeys)))
            }
        }

        func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping { .ignored("test provider") }
    }

    @Test func eachEventOfARequestIsStoredOnceWithItsOwnBody() async throws {
        let harness = try await BridgeHarness()
        let router = Router(context: BridgeRequestContext.self)
        let mounted = MountedProvider(
            provider: BatchingProvider(), rules: MappingRules(events: [:], amountBasis: AmountBasis(OneBasis.total)))
        WebhookController(store: harness.store, providers: ["batching": mounted], maxBodyBytes: 1 << 20, inbox: Doorbell(), metrics: BridgeMetrics())
            .addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            func post(_ json: String) async throws -> String {
                let response = try await client.execute(
                    uri: "/webhooks/batching", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            let first = try await post(#"[{"id":"a","type":"paid"},{"id":"b","type":"refunded"}]"#)
            #expect(first.contains(#""stored":"2""#) && first.contains(#""events":"2""#), "\(first)")
            // A retry that repeats one event and brings a new one: only the new one is stored.
            let second = try await post(#"[{"id":"a","type":"paid"},{"id":"c","type":"paid"}]"#)
            #expect(second.contains(#""stored":"1""#), "\(second)")
            let again = try await post(#"[{"id":"a","type":"paid"}]"#)
            #expect(again.contains(#""status":"duplicate""#), "\(again)")
        }
        let stored = try await harness.store.events(in: .received, limit: 10)
        #expect(stored.map(\.eventID).sorted() == ["a", "b", "c"])
        let b = try #require(stored.first { $0.eventID == "b" })
        #expect(String(decoding: b.body, as: UTF8.self) == #"{"id":"b","type":"refunded"}"#)
        #expect(b.eventType == "refunded")
    }
}

/// The test provider's one amount basis (it makes no sales).
private enum OneBasis: String, AmountBasisChoice { case total }
