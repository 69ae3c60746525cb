import Foundation

/// The catalogue's HTTP Basic authentication, for providers that sign nothing (Chargebee): the
/// `Authorization: Basic base64(user:password)` header against the configured pair. Compared in
/// constant time (`SecretMatcher`).
public struct BasicAuthVerifier: WebhookVerifier {
    private let expected: SecretMatcher

    public init(username: String, password: String) {
        expected = SecretMatcher(Array("\(username):\(password)".utf8))
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers["Authorization"] else { throw .missingHeader("Authorization") }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw .malformedHeader("Authorization", reason: "expected Basic and base64 of user:password") }
        guard expected.matches(Array(decoded)) else {
            throw .wrongCredentials(header: "Authorization")
        }
    }
}
