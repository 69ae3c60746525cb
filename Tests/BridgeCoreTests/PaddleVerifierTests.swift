import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Paddle's `Paddle-Signature` against the vectors published with Paddle's SDKs and a few
/// computed the same way (`Tests/Fixtures/paddle/signature-vectors.json`).
@Suite struct PaddleVerifierTests {
    struct Vector: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let secrets: [String]
        let body: String
        let header: String
        let now: Int
        let valid: Bool
        var testDescription: String { name }
    }

    struct Malformed: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let header: String
        let error: String
        var testDescription: String { name }
    }

    struct File: Decodable {
        let vectors: [Vector]
        let malformed: [Malformed]
    }

    static let file = try! JSONDecoder().decode(File.self, from: Data(Fixtures.bytes("paddle", "signature-vectors.json")))

    @Test(arguments: file.vectors)
    func vector(_ vector: Vector) {
        let provider = PaddleProvider.verifier(secrets: vector.secrets)
        let headers = WebhookHeaders(["paddle-signature": vector.header])
        let now = Date(timeIntervalSince1970: TimeInterval(vector.now))
        do {
            try provider.verify(body: Array(vector.body.utf8), headers: headers, now: now)
            #expect(vector.valid, "accepted")
        } catch {
            #expect(!vector.valid, "refused: \(error)")
            #expect(error.httpStatus == 401)
        }
    }

    @Test(arguments: file.malformed)
    func malformedHeadersAre400AndSayWhy(_ vector: Malformed) {
        let provider = PaddleProvider.verifier(secrets: ["VALID_SECRET"])
        do {
            try provider.verify(body: [], headers: WebhookHeaders(["Paddle-Signature": vector.header]), now: Date())
            Issue.record("accepted \(vector.header)")
        } catch {
            #expect(error.httpStatus == 400)
            #expect(error.description.contains(vector.error), "\(error)")
        }
    }

    @Test func aMissingHeaderIsNamed() {
        #expect(throws: VerificationError.missingHeader("Paddle-Signature")) {
            try PaddleProvider.verifier(secrets: ["s"]).verify(body: [], headers: WebhookHeaders(), now: Date())
        }
    }
}
