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
