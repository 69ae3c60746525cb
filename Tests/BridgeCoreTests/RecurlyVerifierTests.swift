import BridgeCore
import Foundation
import Testing

/// Recurly's `recurly-signature` beyond its vectors (which run in `SignatureVectorTests`).
@Suite struct RecurlyVerifierTests {
    /// Recurly's timestamps are milliseconds: read as seconds, every webhook would look 50,000
    /// years in the future, and a stale one would pass. The published vector of
    /// recurly-client-ruby's spec, at the edge of the 5 minutes' tolerance.
    @Test func theToleranceCountsMilliseconds() throws {
        let secret = "354fab5bd35f5a0d50845ee7e30165244468b13c2c343f104e4e730a59326d9d"
        let body = Array(
            #"{"id":"rjxwmwedwqug","object_type":"account","site_id":"qc326l1hl8k9","event_type":"created","event_time":"2022-09-13T21:18:40Z","account_code":"adfas23zzz14123"}"#
                .utf8)
        let headers = WebhookHeaders(["recurly-signature": "1663103925004,ad24699f3beaa24c9af2cc7ada3ce4c835da0090194241b9d3add83d27f14bc3"])
        let verifier = RecurlyProvider.verifier(secrets: [secret], toleranceSeconds: 300)
        let signedAt = 1_663_103_925
        #expect(throws: Never.self) {
            try verifier.verify(body: body, headers: headers, now: Date(timeIntervalSince1970: TimeInterval(signedAt + 299)))
        }
        #expect(throws: VerificationError.timestampTooOld(ageSeconds: 301, toleranceSeconds: 300)) {
            try verifier.verify(body: body, headers: headers, now: Date(timeIntervalSince1970: TimeInterval(signedAt + 301)))
        }
    }
}
