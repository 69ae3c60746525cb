import Crypto
import Foundation

/// The console's session cookie and its forms' CSRF tokens. A session is its issue time and expiry
/// (milliseconds since 1970) and an HMAC of them under a key derived from the admin token (so every
/// replica accepts it, and a new token ends every session); a form's CSRF token is an HMAC of its
/// session. What the seal cannot know, a sign-out, the store keeps as a time before which no
/// session is valid. Checked in constant time by the signature catalogue's `HMACSignature`.
public struct SessionSeal: Sendable {
    private let key: [UInt8]
    private static let mac = HMACSignature.sha256Hex

    public init(adminToken: String) {
        key = Array(SHA256.hash(data: Array("billing-bridge console session\n\(adminToken)".utf8)))
    }

    /// `issued.expiry.mac`.
    public func session(issued: Date, lasting length: TimeInterval) -> String {
        let issuedAt = Int64((issued.timeIntervalSince1970 * 1000).rounded())
        let claims = "\(issuedAt).\(issuedAt + Int64(length * 1000))"
        return claims + "." + Self.mac.sign(Array("session:\(claims)".utf8), key: key)
    }

    /// Valid when its MAC is right, it has not expired, and it was issued after `validAfter`
    /// (milliseconds since 1970: the last sign-out).
    public func isValid(session: String, now: Date, validAfter: Int64) -> Bool {
        let parts = session.split(separator: ".")
        guard parts.count == 3, let issued = Int64(parts[0]), let expiry = Int64(parts[1]),
            Self.mac.isValid(parts[2], message: Array("session:\(parts[0]).\(parts[1])".utf8), key: key)
        else { return false }
        return issued > validAfter && Double(expiry) > now.timeIntervalSince1970 * 1000
    }

    public func csrfToken(for session: String) -> String {
        Self.mac.sign(Array("csrf:\(session)".utf8), key: key)
    }

    public func isValid(csrf: String, for session: String) -> Bool {
        Self.mac.isValid(Substring(csrf), message: Array("csrf:\(session)".utf8), key: key)
    }
}
