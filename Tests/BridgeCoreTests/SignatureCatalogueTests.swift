import BridgeCore
import Foundation
import TestFixtures
import Testing

/// The shared HMAC schemes against published vectors (RFC 2202 and RFC 4231, test case 2).
@Suite struct SignatureCatalogueTests {
    static let key = Array("Jefe".utf8)
    static let message = Array("what do ya want for nothing?".utf8)

    @Test(arguments: [
        (HMACSignature(.sha1, .hex), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        (HMACSignature(.sha256, .hex), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (HMACSignature(.sha512, .hex),
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        (HMACSignature(.sha256, .base64), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="),
    ])
    func publishedVectors(_ scheme: HMACSignature, _ expected: String) {
        #expect(scheme.sign(Self.message, key: Self.key) == expected)
        #expect(scheme.isValid(Substring(expected), message: Self.message, key: Self.key))
        #expect(scheme.isValid(Substring(expected.uppercased()), message: Self.message, key: Self.key) == (scheme.encoding == .hex))
        #expect(!scheme.isValid(Substring(expected), message: Self.message + [0x20], key: Self.key))
        #expect(!scheme.isValid(Substring(expected.dropLast(2)), message: Self.message, key: Self.key))
        #expect(!scheme.isValid("not a signature", message: Self.message, key: Self.key))
    }

    @Test func anySignatureUnderAnySecret() {
        let scheme = HMACSignature.sha256Hex
        let good = Substring(scheme.sign(Self.message, key: Array("new".utf8)))
        #expect(scheme.anyValid(["bad", good], message: Self.message, keys: [Array("old".utf8), Array("new".utf8)]))
        #expect(!scheme.anyValid(["bad", good], message: Self.message, keys: [Array("old".utf8)]))
        #expect(!scheme.anyValid([], message: Self.message, keys: [Array("new".utf8)]))
    }
}

/// The catalogue fits the providers planned next, with no code of theirs: Standard Webhooks (its
/// HMAC and its key-pair schemes) and Polar, against the vectors published by standard-webhooks'
/// libraries, signed with OpenSSL, and computed for Polar.
@Suite struct PlannedProviderSchemeTests {
    static let headers = WebhookHeaders([
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ])
    static let body = Array(#"{"test": 2432232314}"#.utf8)

    static func standardWebhooks(_ secret: String, keyEncoding: SignedStringVerifier.KeyEncoding) -> SignedStringVerifier {
        .standardWebhooks(secrets: [secret], keyEncoding: keyEncoding, toleranceSeconds: 300)
    }

    @Test func standardWebhooksPublishedVector() throws {
        let now = Date(timeIntervalSince1970: 1_614_265_330)
        try Self.standardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", keyEncoding: .base64(afterPrefix: "whsec_"))
            .verify(body: Self.body, headers: Self.headers, now: now)
        // Unpadded secrets are padded, as the libraries do: a key, though not this vector's.
        #expect(throws: VerificationError.noMatchingSignature(header: "webhook-signature")) {
            try Self.standardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", keyEncoding: .base64(afterPrefix: "whsec_"))
                .verify(body: Self.body, headers: Self.headers, now: now)
        }
        #expect(throws: VerificationError.noMatchingSignature(header: "webhook-signature")) {
            try Self.standardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", keyEncoding: .base64(afterPrefix: "whsec_"))
                .verify(body: Self.body + [0x20], headers: Self.headers, now: now)
        }
        #expect(throws: VerificationError.schemeNotConfigured("1 configured secret(s) do not decode as the provider's keys")) {
            try Self.standardWebhooks("whsec_not*base64", keyEncoding: .base64(afterPrefix: "whsec_"))
                .verify(body: Self.body, headers: Self.headers, now: now)
        }
    }

    struct KeyPairVector: Decodable {
        let name: String
        let public_keys: [String]
        let headers: [String: String]
        let body: String
        let now: Int
        let valid: Bool
        let error: String?
    }

    struct KeyPairVectors: Decodable { let vectors: [KeyPairVector] }

    /// Standard Webhooks' `v1a`: Ed25519 under the public halves of key pairs, several during a
    /// rotation, against signatures made by OpenSSL (`scripts/make-catalogue-vectors.py`).
    @Test func standardWebhooksKeyPairVectors() throws {
        let file = try JSONDecoder().decode(KeyPairVectors.self, from: Data(Fixtures.bytes("catalogue", "ed25519-vectors.json")))
        #expect(file.vectors.count >= 10)
        for vector in file.vectors {
            let verifier = SignedStringVerifier(
                header: "webhook-signature", layout: .versioned(separator: " ", version: "v1a", timestampHeader: "webhook-timestamp"),
                signedString: [.header("webhook-id"), .text("."), .timestamp, .text("."), .body],
                ed25519PublicKeys: vector.public_keys, keyPrefix: "whpk_", toleranceSeconds: 300)
            do {
                try verifier.verify(
                    body: Array(vector.body.utf8), headers: WebhookHeaders(vector.headers), now: Date(timeIntervalSince1970: TimeInterval(vector.now)))
                #expect(vector.valid, "\(vector.name): accepted")
            } catch {
                #expect(!vector.valid, "\(vector.name): \(error)")
                if let fragment = vector.error { #expect(error.description.contains(fragment), "\(vector.name): \(error)") }
            }
        }
    }

    /// Polar keys the HMAC with the whole secret's UTF-8 bytes: the naive Standard Webhooks
    /// reading of the same secret must not match.
    @Test func polarComputedVector() throws {
        let body = Array(#"{"type":"order.paid","timestamp":"2023-11-14T22:13:20Z","data":{"id":"00000000-0000-0000-0000-000000000000"}}"#.utf8)
        let secret = "whsec_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2JuK"
        func headers(_ signature: String) -> WebhookHeaders {
            WebhookHeaders(["webhook-id": "msg_2ZXVbT3Cd8fGvE6hkUeZW3o7Yk8", "webhook-timestamp": "1700000000", "webhook-signature": signature])
        }
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let polar = Self.standardWebhooks(secret, keyEncoding: .utf8)
        try polar.verify(body: body, headers: headers("v1,YeEJakO43Gxb29vF/mTNCCSxz7VkrRfRb86/LOvmVWQ="), now: now)
        #expect(throws: VerificationError.self) {
            try polar.verify(body: body, headers: headers("v1,x/k/TLP5Njzqsf431CHrM4szPopa+otXOnisXEgDPA4="), now: now)
        }
    }
}

/// A forged header cannot make the bridge spend a body-sized HMAC per offered signature.
@Suite struct SignatureFloodTests {
    static let body = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)

    @Test func aHeaderOfThousandsOfSignaturesIsRefusedUnread() {
        let verifier = StripeVerifier(secrets: ["whsec_a", "whsec_b"], toleranceSeconds: 0)
        let header = "t=1," + Array(repeating: "v1=" + String(repeating: "0", count: 64), count: 1150).joined(separator: ",")
        #expect(throws: VerificationError.malformedHeader("Stripe-Signature", reason: "1150 signatures; at most 16 are checked")) {
            try verifier.verify(body: Self.body, headers: WebhookHeaders(["Stripe-Signature": header]), now: Date())
        }
    }

    @Test func theValidOneAmongTheMostCheckedIsFound() throws {
        let good = HMACSignature.hex(message: Array("1.".utf8) + Self.body, secret: "whsec_b")
        let header = "t=1," + (Array(repeating: "v1=" + String(repeating: "0", count: 64), count: 15) + ["v1=\(good)"]).joined(separator: ",")
        try StripeVerifier(secrets: ["whsec_a", "whsec_b"], toleranceSeconds: 0)
            .verify(body: Self.body, headers: WebhookHeaders(["Stripe-Signature": header]), now: Date())
    }
}
