import Crypto
import Foundation

/// One HMAC signature scheme of the shared catalogue: the hash, and how the signature is written.
/// Every provider that signs with an HMAC checks through this, so the comparison is constant-time
/// everywhere.
public struct HMACSignature: Sendable, Equatable {
    public enum Algorithm: Sendable, Equatable { case sha1, sha256, sha512 }
    public enum Encoding: Sendable, Equatable { case hex, base64 }

    public var algorithm: Algorithm
    public var encoding: Encoding

    public init(_ algorithm: Algorithm, _ encoding: Encoding) {
        self.algorithm = algorithm
        self.encoding = encoding
    }

    /// True when `signature` is this scheme's HMAC of `message` under `key`. Constant-time in the
    /// signature's content; a value that does not decode to the digest's length never matches.
    public func isValid(_ signature: Substring, message: [UInt8], key: [UInt8]) -> Bool {
        guard let bytes = decode(signature) else { return false }
        let key = SymmetricKey(data: key)
        switch algorithm {
        case .sha1:
            return bytes.count == Insecure.SHA1.byteCount
                && HMAC<Insecure.SHA1>.isValidAuthenticationCode(bytes, authenticating: message, using: key)
        case .sha256:
            return bytes.count == SHA256.byteCount
                && HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: message, using: key)
        case .sha512:
            return bytes.count == SHA512.byteCount
                && HMAC<SHA512>.isValidAuthenticationCode(bytes, authenticating: message, using: key)
        }
    }

    /// True when any of `signatures` is valid under any of `keys`: several signatures during a
    /// provider's rotation, several secrets during ours.
    public func anyValid(_ signatures: [Substring], message: [UInt8], keys: [[UInt8]]) -> Bool {
        keys.contains { key in signatures.contains { isValid($0, message: message, key: key) } }
    }

    /// The signature, for signing test payloads and the `map` command's examples.
    public func sign(_ message: [UInt8], key: [UInt8]) -> String {
        let key = SymmetricKey(data: key)
        let mac: [UInt8]
        switch algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        switch encoding {
        case .hex: return mac.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        case .base64: return Data(mac).base64EncodedString()
        }
    }

    private func decode(_ signature: Substring) -> [UInt8]? {
        switch encoding {
        case .hex: return Self.bytes(fromHex: signature)
        case .base64: return Data(base64Encoded: String(signature)).map(Array.init)
        }
    }

    // MARK: The scheme most providers use

    /// Lower-case hex HMAC-SHA256 with the secret's UTF-8 bytes as the key.
    public static let sha256Hex = HMACSignature(.sha256, .hex)

    public static func isValidHex(_ hexSignature: Substring, message: [UInt8], secret: String) -> Bool {
        sha256Hex.isValid(hexSignature, message: message, key: Array(secret.utf8))
    }

    public static func hex(message: [UInt8], secret: String) -> String {
        sha256Hex.sign(message, key: Array(secret.utf8))
    }

    static func bytes(fromHex hex: Substring) -> [UInt8]? {
        guard hex.utf8.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            guard let nibble = nibble(character) else { return nil }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return result
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
