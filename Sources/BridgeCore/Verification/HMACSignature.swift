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
        anyValid([signature], message: message, keys: [key])
    }

    /// Most signatures a header may offer: each secret's HMAC is computed once per request, but a
    /// forged header listing thousands would still cost a comparison each.
    public static let maxCandidates = 16

    /// True when any of `signatures` is valid under any of `keys`: several signatures during a
    /// provider's rotation, several secrets during ours. Each key's HMAC over the (possibly large)
    /// body is computed once, then compared in constant time with every candidate.
    public func anyValid(_ signatures: [Substring], message: [UInt8], keys: [[UInt8]]) -> Bool {
        let candidates = signatures.prefix(Self.maxCandidates).compactMap(decode)
        guard !candidates.isEmpty else { return false }
        for key in keys {
            let mac = authenticationCode(message, key: key)
            if candidates.contains(where: { Self.constantTimeEquals($0, mac) }) { return true }
        }
        return false
    }

    private func authenticationCode(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch algorithm {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    /// Equal length and content, in time that depends on the length only.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// The signature, for signing test payloads and the `map` command's examples.
    public func sign(_ message: [UInt8], key: [UInt8]) -> String {
        let mac = authenticationCode(message, key: key)
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
