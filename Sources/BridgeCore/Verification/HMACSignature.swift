import Crypto
import Foundation

/// HMAC-SHA256 checks shared by the providers that sign with it.
public enum HMACSignature {
    /// True when `hexSignature` is HMAC-SHA256(`secret`'s UTF-8 bytes, `message`). Constant-time
    /// in the signature's content; a value that is not 64 hex digits never matches.
    public static func isValidHex(_ hexSignature: Substring, message: [UInt8], secret: String) -> Bool {
        guard let signature = bytes(fromHex: hexSignature), signature.count == SHA256.byteCount else { return false }
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key)
    }

    /// Lower-case hex HMAC-SHA256, for signing test payloads and the `map` command's examples.
    public static func hex(message: [UInt8], secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<SHA256>.authenticationCode(for: message, using: key)
            .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
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
