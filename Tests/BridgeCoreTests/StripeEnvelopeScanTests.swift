import Foundation
import TestFixtures
import Testing

@testable import BridgeCore

/// The receiver scans a Stripe event for its envelope instead of decoding it; the scan must read
/// every real event as the decoder does, and hand anything unusual to the decoder.
@Suite struct StripeEnvelopeScanTests {
    static let fixtures: [String] = {
        let folder = Fixtures.repository.appendingPathComponent("Tests/Fixtures/stripe")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") && $0 != "coverage.json" && !$0.contains("vectors") }
            .sorted()
    }()

    @Test func everyFixtureIsScannedAsTheDecoderReadsIt() throws {
        #expect(Self.fixtures.count > 20)
        for name in Self.fixtures {
            let body = try Fixtures.bytes("stripe", name)
            let scanned = StripeMapper.scannedEnvelope(body)
            #expect(scanned != nil, "\(name) went the slow way")
            #expect(scanned == (try StripeMapper.decodedEnvelope(body)), "\(name)")
        }
    }

    /// The mapper's head (type, livemode, object) is scanned the same way, and must agree too.
    @Test func everyFixtureHeadIsScannedAsTheDecoderReadsIt() throws {
        for name in Self.fixtures {
            let body = try Fixtures.bytes("stripe", name)
            let scanned = StripeEventHead.scanned(body)
            #expect(scanned != nil, "\(name) went the slow way")
            #expect(scanned == (try StripeEventHead.decoded(body)), "\(name)")
        }
    }

    /// Heads the decoder refuses or reads in its own way: the scan leaves them to it.
    @Test(arguments: [
        #"{"id":"evt_1","type":"invoice.paid","livemode":"false","data":{"object":{}}}"#,  // a string, not a boolean
        #"{"id":"evt_1","type":"invoice.paid","created":999999999999999,"data":{"object":{}}}"#,  // strict time
        #"{"id":"evt_1","type":"invoice.paid","api_version":7,"data":{"object":{}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"object":false}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{},"previous_attributes":[]}}"#,
        #"{"id":"evt_\u0031","type":"invoice.paid","data":{"object":{}}}"#,
    ])
    func unusualHeadsGoToTheDecoder(_ text: String) throws {
        let body = Array(text.utf8)
        #expect(StripeEventHead.scanned(body) == nil)
        let decoded: StripeEventHead?
        do { decoded = try StripeEventHead.decoded(body) } catch { decoded = nil }
        let routed: StripeEventHead?
        do { routed = try StripeEventHead.of(body) } catch { routed = nil }
        #expect(routed == decoded)
    }

    @Test func aHeadReadsLivemodeNullAndTheObjectsName() throws {
        let body = Array(#"{"id":"evt_1","type":"x.y","livemode":null,"created":null,"data":{"object":{"id":"in_1","object":null},"previous_attributes":{"amount_refunded":null}}}"#.utf8)
        let scanned = try #require(StripeEventHead.scanned(body))
        #expect(scanned == StripeEventHead(type: "x.y", livemode: nil, objectName: "object in_1"))
        #expect(scanned == (try StripeEventHead.decoded(body)))
        let live = Array(#"{"id":"evt_1","type":"x.y","livemode":false,"data":{"object":{"id":"ch_1","object":"charge"}}}"#.utf8)
        #expect(StripeEventHead.scanned(live) == StripeEventHead(type: "x.y", livemode: false, objectName: "charge ch_1"))
    }

    /// What the scan hands to the decoder, and the decoder's answer then stands.
    @Test(arguments: [
        #"{"id":"evt_\u0031","type":"invoice.paid","data":{"object":{}}}"#,  // an escape in the id
        #"{"id":"evt_1","id":"evt_2","type":"invoice.paid","data":{"object":{}}}"#,  // a key twice
        #"{"id":"evt_1","type":"invoice.paid","created":1.5e9,"data":{"object":{}}}"#,  // not a plain integer
        #"{"id":"evt_1","type":"invoice.paid","created":"2025-11-24T16:00:00Z","data":{"object":{}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":7}}}"#,  // an object id that is no string
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{},"previous_attributes":{"amount_refunded":"1"}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{},"previous_attributes":null}}"#,
        // Outside RFC 8259, yet Foundation's decoder reads them: the scan leaves them to it.
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"a":01}}}"#,
        "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"a\":\"tab\there\"}}}",
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"s":"\ud800"}}}"#,  // a lone surrogate
    ])
    func unusualEventsGoToTheDecoder(_ text: String) throws {
        let body = Array(text.utf8)
        #expect(StripeMapper.scannedEnvelope(body) == nil)
        let decoded: EventEnvelope?
        do { decoded = try StripeMapper.decodedEnvelope(body) } catch { decoded = nil }
        let received: EventEnvelope?
        do { received = try StripeMapper().envelope(of: body) } catch { received = nil }
        #expect(received == decoded)
    }

    /// Not JSON anywhere in it, however deep: refused, as the decoder refuses it.
    @Test(arguments: [
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"a":[1,2,}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"a":tru}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{"a":"x\u00"}}}"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{}}} trailing"#,
        #"{"id":"evt_1","type":"invoice.paid","data":{"object":{}}"#,
    ])
    func malformedJSONIsRefused(_ text: String) throws {
        let body = Array(text.utf8)
        #expect(StripeMapper.scannedEnvelope(body) == nil)
        #expect(throws: (any Error).self) { try StripeMapper().envelope(of: body) }
    }

    @Test func invalidUTF8IsLeftToTheDecoder() {
        let body = Array(#"{"id":"evt_1","type":"invoice.paid","data":{"object":{"a":""#.utf8) + [0xFF] + Array(#""}}}"#.utf8)
        #expect(StripeMapper.scannedEnvelope(body) == nil)
    }

    @Test func aTimeOutOfRangeIsNoTimeAsTheDecoderReadsIt() throws {
        let body = Array(#"{"id":"evt_1","type":"invoice.paid","created":999999999999999,"data":{"object":{"id":"in_1"}}}"#.utf8)
        let scanned = try #require(StripeMapper.scannedEnvelope(body))
        #expect(scanned.occurredAt == nil)
        #expect(scanned == (try StripeMapper.decodedEnvelope(body)))
    }
}
