import Foundation

/// Stripe's `Stripe-Signature` check, as stripe-python and stripe-node do it: `t=` and one or
/// more `v1=` (other schemes ignored), hex HMAC-SHA256 over `"{t}.{raw body}"` keyed with the
/// whole `whsec_...` string; any `v1` under any configured secret passes; only timestamps older
/// than the tolerance fail.
public struct StripeVerifier: WebhookVerifier {
    public static let header = "Stripe-Signature"
    public let secrets: [String]
    public let toleranceSeconds: Int

    public init(secrets: [String], toleranceSeconds: Int = 300) {
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let header = headers[Self.header] else { throw .missingHeader(Self.header) }
        var timestamp: Int?
        var signatures: [Substring] = []
        for item in header.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch key {
            case "t":
                guard let t = Int(value) else {
                    throw .malformedHeader(Self.header, reason: "t is not a Unix time")
                }
                timestamp = t
            case "v1": signatures.append(Substring(value))
            default: continue  // v0 and future schemes are not ours to check
            }
        }
        guard let timestamp else { throw .malformedHeader(Self.header, reason: "no timestamp (t=)") }
        guard !signatures.isEmpty else {
            throw .malformedHeader(Self.header, reason: "no signatures found with expected scheme v1")
        }
        let message = Array("\(timestamp).".utf8) + body
        let matched = secrets.contains { secret in
            signatures.contains { HMACSignature.isValidHex($0, message: message, secret: secret) }
        }
        guard matched else { throw .noMatchingSignature(header: Self.header) }
        let age = Int(now.timeIntervalSince1970) - timestamp
        if toleranceSeconds > 0, age > toleranceSeconds {
            throw .timestampTooOld(ageSeconds: age, toleranceSeconds: toleranceSeconds)
        }
    }
}
