import Foundation

/// The catalogue's plain body HMAC: one header holds the signature of the raw body alone, with
/// no timestamp (Lemon Squeezy's `X-Signature`). Any configured secret may match.
public struct BodyHMACVerifier: WebhookVerifier {
    public var header: String
    public var signature: HMACSignature
    public var secrets: [String]

    public init(header: String, signature: HMACSignature = .sha256Hex, secrets: [String]) {
        self.header = header
        self.signature = signature
        self.secrets = secrets
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers[header]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw .missingHeader(header)
        }
        guard signature.anyValid([Substring(value)], message: body, keys: secrets.map { Array($0.utf8) }) else {
            throw .noMatchingSignature(header: header)
        }
    }
}
