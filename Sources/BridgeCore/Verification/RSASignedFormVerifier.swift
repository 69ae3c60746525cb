import Crypto
import CryptoExtras
import Foundation

/// The catalogue's RSA scheme for form bodies (Paddle Classic): a field holds the base64 RSA
/// PKCS #1 v1.5 SHA-1 signature of the other fields, PHP-serialized in key order, under the
/// vendor's public key. The bridge holds no secret: a public key (or, during a change, several).
public struct RSASignedFormVerifier: WebhookVerifier {
    public var field: String
    let keys: [_RSA.Signing.PublicKey]
    /// Configured keys that are not PEM RSA public keys: said on every request, never skipped.
    let unreadableKeys: Int

    public init(field: String, publicKeysPEM: [String]) {
        self.field = field
        var keys: [_RSA.Signing.PublicKey] = []
        for pem in publicKeysPEM {
            // Environment variables often carry a PEM's line breaks as `\n`.
            let text = pem.replacingOccurrences(of: "\\n", with: "\n")
            do {
                keys.append(try _RSA.Signing.PublicKey(pemRepresentation: text))
            } catch {
                continue  // counted below, and refused on every request
            }
        }
        self.keys = keys
        unreadableKeys = publicKeysPEM.count - keys.count
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard unreadableKeys == 0, !keys.isEmpty else {
            throw .schemeNotConfigured("\(unreadableKeys) configured public key(s) that are not PEM RSA public keys")
        }
        var fields: [String: String]
        do {
            fields = try FormBody(body).fields
        } catch {
            throw .malformedField(field, reason: "the body is not a form: \(error)")
        }
        guard let encoded = fields.removeValue(forKey: field), !encoded.isEmpty else { throw .missingField(field) }
        guard let signature = Data(base64Encoded: encoded) else { throw .malformedField(field, reason: "not base64") }
        let digest = Insecure.SHA1.hash(data: PHPSerialization.serialize(fields))
        let rsa = _RSA.Signing.RSASignature(rawRepresentation: signature)
        guard keys.contains(where: { $0.isValidSignature(rsa, for: digest, padding: .insecurePKCS1v1_5) }) else {
            throw .noMatchingSignature(header: field)
        }
    }
}
