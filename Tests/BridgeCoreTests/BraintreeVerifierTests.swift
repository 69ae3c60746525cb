import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Braintree's `bt_challenge` answer, as its Python SDK gives it (`signature-vectors.json`'s
/// `challenge`, from `scripts/make-braintree-fixtures.py`) and as published in the SDK's own
/// tests. Its signature vectors run in `SignatureVectorTests`.
@Suite struct BraintreeVerifierTests {
    struct Challenge: Decodable {
        let public_key: String
        let private_key: String
        let challenge: String
        let answer: String
    }

    struct File: Decodable { let challenge: Challenge }

    static let challenge = try! JSONDecoder().decode(File.self, from: Data(Fixtures.bytes("braintree", "signature-vectors.json"))).challenge
    static let verifier = BraintreeVerifier(publicKey: challenge.public_key, privateKey: challenge.private_key)

    @Test func theChallengeIsAnsweredAsTheSDKDoes() throws {
        let answer = try Self.verifier.answerChallenge(query: ["bt_challenge": Self.challenge.challenge])
        #expect(answer == Self.challenge.answer)
        // The published vector, from braintree_python's tests/unit/test_webhooks.py.
        #expect(answer == "integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4")
    }

    @Test(arguments: ["", "ZZZZ", "20F9F8ED05F77439FE955C977E4C8A53", "20f9f8ed05", String(repeating: "a", count: 33)])
    func aChallengeThatIsNotHexIsRefused(_ challenge: String) {
        #expect(throws: VerificationError.self) { try Self.verifier.answerChallenge(query: ["bt_challenge": challenge]) }
    }
}
