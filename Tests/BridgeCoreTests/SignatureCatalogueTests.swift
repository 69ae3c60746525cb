import BridgeCore
import Foundation
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
