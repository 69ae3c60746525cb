import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Braintree's `bt_signature` against vectors made with its Python SDK
/// (`Tests/Fixtures/braintree/signature-vectors.json`, from `scripts/make-braintree-fixtures.py`),
/// and the `bt_challenge` answer published in the SDK's own tests.
@Suite struct BraintreeVerifierTests {
    struct Vector: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let status: Int
        var testDescription: String { name }
    }

    struct Challenge: Decodable {
        let challenge: String
        let answer: String
    }

    struct File: Decodable {
        let public_key: String
        let private_key: String
        let vectors: [Vector]
        let challenge: Challenge
    }

    static let file = try! JSONDecoder().decode(File.self, from: Data(Fixtures.bytes("braintree", "signature-vectors.json")))
    static let verifier = BraintreeVerifier(publicKey: file.public_key, privateKey: file.private_key)

    @Test(arguments: file.vectors)
    func vector(_ vector: Vector) {
        do {
            try Self.verifier.verify(body: Array(vector.body.utf8), headers: WebhookHeaders(), now: Date())
            #expect(vector.status == 200, "accepted")
        } catch {
            #expect(error.httpStatus == vector.status, "\(error)")
        }
    }

    @Test func theChallengeIsAnsweredAsTheSDKDoes() throws {
        let answer = try Self.verifier.answerChallenge(query: ["bt_challenge": Self.file.challenge.challenge])
        #expect(answer == Self.file.challenge.answer)
        // The published vector, from braintree_python's tests/unit/test_webhooks.py.
        #expect(answer == "integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4")
    }

    @Test(arguments: ["", "ZZZZ", "20F9F8ED05F77439FE955C977E4C8A53", "20f9f8ed05", String(repeating: "a", count: 33)])
    func aChallengeThatIsNotHexIsRefused(_ challenge: String) {
        #expect(throws: VerificationError.self) { try Self.verifier.answerChallenge(query: ["bt_challenge": challenge]) }
    }
}
