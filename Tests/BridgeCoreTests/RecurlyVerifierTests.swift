import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Recurly's `recurly-signature` against the vectors published in recurly-client-ruby's spec and
/// ones computed the same way (`Tests/Fixtures/recurly/signature-vectors.json`).
@Suite struct RecurlyVerifierTests {
    struct Vector: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let secrets: [String]
        let header: String
        let body: String
        let now: Int
        let status: Int
        var testDescription: String { name }
    }

    struct File: Decodable { let vectors: [Vector] }

    static let file = try! JSONDecoder().decode(File.self, from: Data(Fixtures.bytes("recurly", "signature-vectors.json")))

    @Test(arguments: file.vectors)
    func vector(_ vector: Vector) {
        let verifier = RecurlyProvider.verifier(secrets: vector.secrets)
        do {
            try verifier.verify(
                body: Array(vector.body.utf8), headers: WebhookHeaders(["Recurly-Signature": vector.header]),
                now: Date(timeIntervalSince1970: TimeInterval(vector.now)))
            #expect(vector.status == 200, "accepted")
        } catch {
            #expect(error.httpStatus == vector.status, "\(error)")
        }
    }

    /// Recurly's timestamps are milliseconds: read as seconds, every webhook would look 50,000
    /// years in the future, and a stale one would pass.
    @Test func theToleranceCountsMilliseconds() throws {
        let vector = try #require(Self.file.vectors.first { $0.name == "published, within tolerance" })
        let verifier = RecurlyProvider.verifier(secrets: vector.secrets, toleranceSeconds: 300)
        let headers = WebhookHeaders(["recurly-signature": vector.header])
        let signedAt = 1_663_103_925
        #expect(throws: Never.self) {
            try verifier.verify(body: Array(vector.body.utf8), headers: headers, now: Date(timeIntervalSince1970: TimeInterval(signedAt + 299)))
        }
        #expect(throws: VerificationError.timestampTooOld(ageSeconds: 301, toleranceSeconds: 300)) {
            try verifier.verify(body: Array(vector.body.utf8), headers: headers, now: Date(timeIntervalSince1970: TimeInterval(signedAt + 301)))
        }
    }
}
