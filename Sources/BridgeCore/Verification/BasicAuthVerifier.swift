import Foundation

/// The catalogue's HTTP Basic authentication, for providers that sign nothing (Chargebee): the
/// `Authorization: Basic base64(user:password)` header against the configured pairs: one
/// username, and one password or, during a rotation, several. Compared in constant time
/// (`SecretMatcher`), against every pair whatever the first ones gave.
public struct BasicAuthVerifier: WebhookVerifier {
    private let expected: [SecretMatcher]

    public init(username: String, passwords: [String]) {
        expected = passwords.map { SecretMatcher(Array("\(username):\($0)".utf8)) }
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers["Authorization"] else { throw .missingHeader("Authorization") }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw .malformedHeader("Authorization", reason: "expected Basic and base64 of user:password") }
        let offered = Array(decoded)
        // Every pair is checked, so the time does not tell which one matched.
        guard expected.reduce(false, { matched, pair in pair.matches(offered) || matched }) else {
            throw .wrongCredentials(header: "Authorization")
        }
    }
}
