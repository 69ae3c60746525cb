import Foundation

/// The catalogue's shared token: a header that holds a secret the provider was given, compared in
/// constant time (`SecretMatcher`) against every configured token, so that the time does not tell
/// which one matched. For senders that sign nothing but let the merchant set a header.
public struct TokenHeaderVerifier: WebhookVerifier {
    public let header: String
    private let tokens: [SecretMatcher]

    public init(header: String, tokens: [String]) {
        self.header = header
        self.tokens = tokens.map { SecretMatcher(Array($0.utf8)) }
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers[header], !value.isEmpty else { throw .missingHeader(header) }
        let offered = Array(value.utf8)
        guard tokens.reduce(false, { matched, token in token.matches(offered) || matched }) else {
            throw .wrongCredentials(header: header)
        }
    }
}
