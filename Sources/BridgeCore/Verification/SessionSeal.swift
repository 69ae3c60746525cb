import Crypto
import Foundation

/// The console's session cookie and its forms' CSRF tokens, stateless: a session is its expiry
/// and an HMAC of it under a key derived from the admin token (so every replica accepts it, and
/// a new token ends every session); a form's CSRF token is an HMAC of its session. Checked in
/// constant time by the signature catalogue's `HMACSignature`.
public struct SessionSeal: Sendable {
    private let key: [UInt8]
    private static let mac = HMACSignature.sha256Hex

    public init(adminToken: String) {
        key = Array(SHA256.hash(data: Array("billing-bridge console session\n\(adminToken)".utf8)))
    }

    /// `expiry.mac`, the expiry in seconds since 1970.
    public func session(expiring: Date) -> String {
        let expiry = String(Int64(expiring.timeIntervalSince1970))
        return expiry + "." + Self.mac.sign(Array("session:\(expiry)".utf8), key: key)
    }

    /// Valid when its MAC is right and it has not expired.
    public func isValid(session: String, now: Date) -> Bool {
        let parts = session.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let expiry = Int64(parts[0]),
            Self.mac.isValid(parts[1], message: Array("session:\(parts[0])".utf8), key: key)
        else { return false }
        return Double(expiry) > now.timeIntervalSince1970
    }

    public func csrfToken(for session: String) -> String {
        Self.mac.sign(Array("csrf:\(session)".utf8), key: key)
    }

    public func isValid(csrf: String, for session: String) -> Bool {
        Self.mac.isValid(Substring(csrf), message: Array("csrf:\(session)".utf8), key: key)
    }
}
