import Foundation

/// The catalogue's timestamped-HMAC check, shared by every provider whose signature header holds a
/// timestamp and one or more signatures, as `key=value` pairs (Stripe's `t=…,v1=…`, Paddle's
/// `ts=…;h1=…`) or as a list led by the timestamp (Recurly's `{ms},{sig},{sig}`): every signature
/// under every secret, over a signed string built from the timestamp and the raw body, then the
/// timestamp's age. Unknown keys are ignored.
public struct TimestampedHMACVerifier: WebhookVerifier {
    /// How the header lays out its timestamp and signatures.
    public enum Layout: Sendable, Equatable {
        /// `key=value` items between `separator`s.
        case pairs(separator: Character, timestampKey: String, signatureKey: String)
        /// The timestamp, then the signatures, between `separator`s.
        case timestampFirst(separator: Character)
    }

    public var header: String
    public var layout: Layout
    /// Recurly's timestamps are in milliseconds; the others' in seconds.
    public var millisecondTimestamps: Bool
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
        self.init(
            header: header, layout: .pairs(separator: pairSeparator, timestampKey: timestampKey, signatureKey: signatureKey),
            signature: signature, separatorAfterTimestamp: separatorAfterTimestamp, secrets: secrets,
            toleranceSeconds: toleranceSeconds)
    }

    public init(
        header: String, layout: Layout, millisecondTimestamps: Bool = false, signature: HMACSignature = .sha256Hex,
        separatorAfterTimestamp: String, secrets: [String], toleranceSeconds: Int
    ) {
        self.header = header
        self.layout = layout
        self.millisecondTimestamps = millisecondTimestamps
        self.signature = signature
        self.separatorAfterTimestamp = separatorAfterTimestamp
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard let value = headers[header] else { throw .missingHeader(header) }
        let (timestamp, signatures) = try read(value)
        let message = Array("\(timestamp)\(separatorAfterTimestamp)".utf8) + body
        guard signature.anyValid(signatures, message: message, keys: secrets.map { Array($0.utf8) }) else {
            throw .noMatchingSignature(header: header)
        }
        let seconds = millisecondTimestamps ? timestamp / 1000 : timestamp
        let (age, overflow) = Int(now.timeIntervalSince1970).subtractingReportingOverflow(seconds)
        if toleranceSeconds > 0, overflow || age > toleranceSeconds {
            throw .timestampTooOld(ageSeconds: overflow ? Int.max : age, toleranceSeconds: toleranceSeconds)
        }
    }

    /// The header's timestamp (as written) and signatures.
    private func read(_ value: String) throws(VerificationError) -> (Int, [Substring]) {
        var timestamp: Int?
        var signatures: [Substring] = []
        let unit = millisecondTimestamps ? "Unix time in milliseconds" : "Unix time"
        switch layout {
        case .pairs(let separator, let timestampKey, let signatureKey):
            for item in value.split(separator: separator) {
                let pair = item.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let key = pair[0].trimmingCharacters(in: .whitespaces)
                let text = pair[1].trimmingCharacters(in: .whitespaces)
                if key == timestampKey {
                    guard let t = Int(text) else { throw .malformedHeader(header, reason: "\(timestampKey) is not a \(unit)") }
                    timestamp = t
                } else if key == signatureKey {
                    signatures.append(Substring(text))
                }
            }
            guard let timestamp else { throw .malformedHeader(header, reason: "no timestamp (\(timestampKey)=)") }
            guard !signatures.isEmpty else {
                throw .malformedHeader(header, reason: "no signatures found with expected scheme \(signatureKey)")
            }
            return (timestamp, signatures)
        case .timestampFirst(let separator):
            let items = value.split(separator: separator, omittingEmptySubsequences: false)
                .map { Substring($0.trimmingCharacters(in: .whitespaces)) }
            guard let first = items.first, let t = Int(first) else {
                throw .malformedHeader(header, reason: "it does not start with a \(unit)")
            }
            timestamp = t
            signatures = items.dropFirst().filter { !$0.isEmpty }
            guard !signatures.isEmpty else { throw .malformedHeader(header, reason: "no signature after the timestamp") }
            return (t, signatures)
        }
    }
}
