import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Vectors signed, and their signatures judged, by Stripe's official Python library
/// (`scripts/make-stripe-fixtures.py`), plus the reference vector from the shared notes.
@Suite struct StripeVerifierTests {
    struct Vector: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let secrets: [String]
        let header: String
        let body: String
        let now: Int
        let tolerance: Int
        let expect: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = {
        struct File: Decodable { let vectors: [Vector] }
        let bytes = try! Fixtures.bytes("stripe", "signature-vectors.json")
        return try! JSONDecoder().decode(File.self, from: Data(bytes)).vectors
    }()

    @Test(arguments: vectors)
    func vector(_ vector: Vector) {
        let verifier = StripeVerifier(secrets: vector.secrets, toleranceSeconds: vector.tolerance)
        let now = Date(timeIntervalSince1970: TimeInterval(vector.now))
        let headers = WebhookHeaders(["Stripe-Signature": vector.header])
        do {
            try verifier.verify(body: Array(vector.body.utf8), headers: headers, now: now)
            #expect(vector.expect == "valid")
        } catch {
            switch error {
            case .malformedHeader: #expect(vector.expect == "malformed", "\(error)")
            case .noMatchingSignature: #expect(vector.expect == "no_match", "\(error)")
            case .timestampTooOld: #expect(vector.expect == "too_old", "\(error)")
            case .missingHeader, .wrongCredentials, .missingField, .malformedField, .schemeNotConfigured: Issue.record("unexpected for a Stripe signature: \(error)")
            }
        }
    }

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
