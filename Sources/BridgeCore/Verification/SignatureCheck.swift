import Crypto
import Foundation

/// What a signed string is checked with, from the shared catalogue: an HMAC under shared secrets
/// (most providers), or a signature under the public halves of the provider's key pairs
/// (Standard Webhooks' `v1a`, Ed25519), where the bridge holds no secret at all.
public enum SignatureCheck: Sendable {
    case hmac(HMACSignature, keys: [[UInt8]])
    /// Base64 Ed25519 signatures, any one valid under any of the keys (several during a rotation).
    case ed25519(publicKeys: [Curve25519.Signing.PublicKey])

    /// True when any of `signatures` is valid for `message`. At most
    /// `HMACSignature.maxCandidates` are looked at, whatever the scheme.
    public func anyValid(_ signatures: [Substring], message: [UInt8]) -> Bool {
        switch self {
        case .hmac(let scheme, let keys):
            return scheme.anyValid(signatures, message: message, keys: keys)
        case .ed25519(let publicKeys):
            // A signature is public data: no constant-time comparison is needed, only a check.
            let candidates = signatures.prefix(HMACSignature.maxCandidates).compactMap { Data(base64Encoded: String($0)) }
                .filter { $0.count == 64 }
            return publicKeys.contains { key in candidates.contains { key.isValidSignature($0, for: message) } }
        }
    }

    /// An Ed25519 public key written as base64 of its 32 bytes after an optional prefix
    /// (Standard Webhooks' `whpk_`); nil when it is not one.
    public static func ed25519PublicKey(_ text: String, afterPrefix prefix: String) -> Curve25519.Signing.PublicKey? {
        let base64 = text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
        guard let bytes = Data(base64Encoded: base64), bytes.count == 32 else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }
}
