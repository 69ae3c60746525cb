import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Lemon Squeezy's `X-Signature` (hex HMAC-SHA256 of the raw body) beyond its vectors, which run
/// in `SignatureVectorTests`.
@Suite struct LemonSqueezyVerifierTests {
    @Test func aMissingSignatureIs400() {
        #expect(throws: VerificationError.missingHeader("X-Signature")) {
            try LemonSqueezyProvider.verifier(secrets: ["s"]).verify(body: [], headers: WebhookHeaders(), now: Date())
        }
    }
}
