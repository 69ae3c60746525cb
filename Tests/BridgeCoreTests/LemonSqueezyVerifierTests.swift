import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Lemon Squeezy's `X-Signature` (hex HMAC-SHA256 of the raw body) against the published vector
/// and computed ones (`Tests/Fixtures/lemonsqueezy/signature-vectors.json`).
@Suite struct LemonSqueezyVerifierTests {
    struct Vector: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let secrets: [String]
        let body_file: String
        let signature: String
        let valid: Bool
        var testDescription: String { name }
    }

    struct File: Decodable { let vectors: [Vector] }

    static let file = try! JSONDecoder().decode(File.self, from: Data(Fixtures.bytes("lemonsqueezy", "signature-vectors.json")))

    @Test(arguments: file.vectors)
    func vector(_ vector: Vector) throws {
        let body = try Fixtures.bytes("lemonsqueezy", vector.body_file)
        let verifier = LemonSqueezyProvider.verifier(secrets: vector.secrets)
        do {
            try verifier.verify(body: body, headers: WebhookHeaders(["x-signature": vector.signature]), now: Date())
            #expect(vector.valid, "accepted")
        } catch {
            #expect(!vector.valid, "refused: \(error)")
            #expect(error.httpStatus == 401)
        }
    }

    @Test func aMissingSignatureIs400() {
        #expect(throws: VerificationError.missingHeader("X-Signature")) {
            try LemonSqueezyProvider.verifier(secrets: ["s"]).verify(body: [], headers: WebhookHeaders(), now: Date())
        }
    }
}
