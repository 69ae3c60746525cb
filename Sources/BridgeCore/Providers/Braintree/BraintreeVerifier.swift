import Crypto
import Foundation

/// Braintree's scheme: a form body whose `bt_signature` holds `public_key|hex` pairs joined by
/// `&`, each a hex HMAC-SHA1 of the `bt_payload` text (as received, base64 with line breaks)
/// keyed with SHA-1 of the private key. The SDKs also accept a signature over the payload plus a
/// newline, so this does. No timestamp is signed: replays are caught by the inbox's dedup.
public struct BraintreeVerifier: WebhookVerifier {
    static let scheme = HMACSignature(.sha1, .hex)

    let publicKey: String
    let signingKey: [UInt8]

    public init(publicKey: String, privateKey: String) {
        self.publicKey = publicKey
        signingKey = Array(Insecure.SHA1.hash(data: Array(privateKey.utf8)))
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        let form: FormBody
        do { form = try FormBody(body, only: ["bt_signature", "bt_payload"]) } catch { throw .malformedField("form body", reason: error.problem) }
        guard let signature = form["bt_signature"] else { throw .missingField("bt_signature") }
        guard let payload = form["bt_payload"] else { throw .missingField("bt_payload") }
        guard !payload.isEmpty, payload.utf8.allSatisfy(Self.isPayloadByte) else {
            throw .malformedField("bt_payload", reason: "only base64 characters and line breaks are allowed")
        }
        let pairs = signature.split(separator: "&").map { $0.split(separator: "|", maxSplits: 1) }
        guard pairs.allSatisfy({ $0.count == 2 }) else {
            throw .malformedField("bt_signature", reason: "expected public_key|signature pairs joined by &")
        }
        guard pairs.count <= HMACSignature.maxCandidates else {
            throw .malformedField("bt_signature", reason: "\(pairs.count) pairs; at most \(HMACSignature.maxCandidates) are checked")
        }
        let ours = pairs.filter { $0[0] == Substring(publicKey) }.map { $0[1] }
        guard !ours.isEmpty else { throw .noMatchingSignature(header: "bt_signature (no pair for the configured public key)") }
        let message = Array(payload.utf8)
        guard Self.scheme.anyValid(ours, message: message, keys: [signingKey])
            || Self.scheme.anyValid(ours, message: message + [UInt8(ascii: "\n")], keys: [signingKey])
        else { throw .noMatchingSignature(header: "bt_signature") }
    }

    /// Braintree checks a new webhook URL with `GET ?bt_challenge=<hex>`, expecting
    /// `public_key|hex HMAC-SHA1(challenge)` back as plain text.
    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? {
        guard let challenge = query["bt_challenge"] else { throw .missingField("bt_challenge") }
        guard (20...32).contains(challenge.utf8.count),
            challenge.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { throw .malformedField("bt_challenge", reason: "expected 20 to 32 lower-case hex digits") }
        return "\(publicKey)|\(Self.scheme.sign(Array(challenge.utf8), key: signingKey))"
    }

    /// A signed form body, for tests and the `map` command's examples.
    public func sign(payload: String) -> String {
        "\(publicKey)|\(Self.scheme.sign(Array(payload.utf8), key: signingKey))"
    }

    private static func isPayloadByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: "\n"):
            true
        default: false
        }
    }
}
