import BridgeCore
import Foundation
import TestFixtures
import Testing

/// What Stripe's verifier does beyond its vectors (those, signed and judged by Stripe's official
/// Python library, run in `SignatureVectorTests`).
@Suite struct StripeVerifierTests {
    @Test func missingHeaderIs400AndNamesTheHeader() {
        let verifier = StripeVerifier(secrets: ["whsec_x"])
        #expect(throws: VerificationError.missingHeader("Stripe-Signature")) {
            try verifier.verify(body: [], headers: WebhookHeaders([:]), now: Date())
        }
        #expect(VerificationError.missingHeader("Stripe-Signature").httpStatus == 400)
        #expect(VerificationError.noMatchingSignature(header: "Stripe-Signature").httpStatus == 401)
        #expect(VerificationError.timestampTooOld(ageSeconds: 301, toleranceSeconds: 300).httpStatus == 401)
    }

    @Test func headerNameIsCaseInsensitive() throws {
        let body = Array(#"{"id":"evt_1"}"#.utf8)
        let signature = HMACSignature.hex(message: Array("1700000000.".utf8) + body, secret: "whsec_abc")
        let headers = WebhookHeaders(["stripe-signature": "t=1700000000,v1=\(signature)"])
        try StripeVerifier(secrets: ["whsec_abc"]).verify(
            body: body, headers: headers, now: Date(timeIntervalSince1970: 1_700_000_001))
    }

    @Test func errorsNeverShowTheSecret() {
        let secret = "whsec_very_secret_value"
        let verifier = StripeVerifier(secrets: [secret])
        for header in ["t=1,v1=00", "garbage", "t=x,v1=aa", "t=1,v0=aa"] {
            do {
                try verifier.verify(body: Array("{}".utf8), headers: WebhookHeaders(["Stripe-Signature": header]), now: Date())
                Issue.record("\(header) verified")
            } catch {
                #expect(!error.description.contains(secret))
            }
        }
    }
}
