import Foundation

/// The catalogue's timestamped-HMAC check, shared by every provider whose signature header holds a
/// timestamp and one or more signatures as `key=value` pairs (Stripe's `t=…,v1=…`, Paddle's
/// `ts=…;h1=…`): every signature under every secret, over a signed string built from the
/// timestamp and the raw body, then the timestamp's age. Unknown keys are ignored.
public struct TimestampedHMACVerifier: WebhookVerifier {
    public var header: String
    /// Between pairs (`,` for Stripe, `;` for Paddle); each pair is `key=value`.
    public var pairSeparator: Character
    public var timestampKey: String
    public var signatureKey: String
    public var signature: HMACSignature
    /// The signed string's bytes before and after the timestamp, ahead of the body: `"{t}."` for
    /// Stripe is `("", ".")`, `"{ts}:"` for Paddle is `("", ":")`.
    public var separatorAfterTimestamp: String
    public var secrets: [String]
    /// Oldest timestamp accepted, in seconds; 0 turns the check off. Only the past is checked,
    /// as the providers' SDKs do.
    public var toleranceSeconds: Int

    public init(
        header: String, pairSeparator: Character, timestampKey: String, signatureKey: String,
        signature: HMACSignature = .sha256Hex, separatorAfterTimestamp: String, secrets: [String], toleranceSeconds: Int
    ) {
        self.header = header
        self.pairSeparator = pairSeparator
        self.timestampKey = timestampKey
        self.signatureKey = signatureKey
        self.signature = signature
        self.separatorAfterTimestamp = separatorAfterTimestamp
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers[header] else { throw .missingHeader(header) }
        var timestamp: Int?
        var signatures: [Substring] = []
        for item in value.split(separator: pairSeparator) {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            let text = pair[1].trimmingCharacters(in: .whitespaces)
            if key == timestampKey {
                guard let t = Int(text) else { throw .malformedHeader(header, reason: "\(timestampKey) is not a Unix time") }
                timestamp = t
            } else if key == signatureKey {
                signatures.append(Substring(text))
            }
        }
        guard let timestamp else { throw .malformedHeader(header, reason: "no timestamp (\(timestampKey)=)") }
        guard !signatures.isEmpty else {
            throw .malformedHeader(header, reason: "no signatures found with expected scheme \(signatureKey)")
        }
        let message = Array("\(timestamp)\(separatorAfterTimestamp)".utf8) + body
        guard signature.anyValid(signatures, message: message, keys: secrets.map { Array($0.utf8) }) else {
            throw .noMatchingSignature(header: header)
        }
        let (age, overflow) = Int(now.timeIntervalSince1970).subtractingReportingOverflow(timestamp)
        if toleranceSeconds > 0, overflow || age > toleranceSeconds {
            throw .timestampTooOld(ageSeconds: overflow ? Int.max : age, toleranceSeconds: toleranceSeconds)
        }
    }
}
