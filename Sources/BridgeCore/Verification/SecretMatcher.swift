import Crypto

/// A secret compared in constant time: the expected value is MACed under a key made at start,
/// an offered one is MACed the same way, and the two MACs compared by HMAC's own constant-time
/// check. Neither the secret's length nor how much of it matched shows in the timing.
public struct SecretMatcher: Sendable {
    private let key: SymmetricKey
    private let expected: HMAC<SHA256>.MAC

    public init(_ secret: [UInt8]) {
        key = SymmetricKey(size: .bits256)
        expected = HMAC<SHA256>.authenticationCode(for: secret, using: key)
    }

    public func matches(_ offered: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: offered, using: key)
    }
}
