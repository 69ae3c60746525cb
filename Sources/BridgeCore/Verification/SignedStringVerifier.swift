import Foundation

/// The catalogue's check of a signed string built from a timestamp, the raw body and sometimes a
/// message id, shared by every provider that signs one: Stripe's `t=…,v1=…` over `"{t}.{body}"`,
/// Paddle's `ts=…;h1=…` over `"{ts}:{body}"`, Recurly's `{ms},{sig},{sig}` over `"{ms}.{body}"`,
/// Standard Webhooks' `v1,{sig} v1,{sig}` over `"{webhook-id}.{webhook-timestamp}.{body}"` (or
/// `v1a,{sig}`, Ed25519 under its public keys). Every signature under every key (`SignatureCheck`),
/// then the timestamp's age. Unknown keys are ignored.
public struct SignedStringVerifier: WebhookVerifier {
    /// How the signature header lays out its signatures (and, in some, the timestamp).
    public enum Layout: Sendable, Equatable {
        /// `key=value` items between `separator`s: the timestamp under `timestampKey`.
        case pairs(separator: Character, timestampKey: String, signatureKey: String)
        /// The timestamp, then the signatures, between `separator`s.
        case timestampFirst(separator: Character)
        /// Signatures led by a version (`v1,…`) between `separator`s; the timestamp is in
        /// `timestampHeader`.
        case versioned(separator: Character, version: String, timestampHeader: String)
    }

    /// One piece of the signed string.
    public enum Part: Sendable, Equatable {
        /// The timestamp as the header wrote it.
        case timestamp
        case body
        /// Another header's value (Standard Webhooks' `webhook-id`).
        case header(String)
        case text(String)
    }

    /// How a configured secret becomes the HMAC key.
    public enum KeyEncoding: Sendable, Equatable {
        /// The secret's UTF-8 bytes, prefix and all (Stripe's `whsec_…`, Paddle, Recurly, Polar).
        case utf8
        /// Base64 after an optional prefix (generic Standard Webhooks: `whsec_` + base64).
        case base64(afterPrefix: String)
        /// Either: the UTF-8 bytes, and also the base64 after the prefix when it decodes (Polar's
        /// SDKs accept both, its older secrets being keyed one way and its `whsec_` ones the other).
        case utf8OrBase64(afterPrefix: String)
    }

    public var header: String
    public var layout: Layout
    public var signedString: [Part]
    /// Recurly's timestamps are in milliseconds; the others' in seconds.
    public var millisecondTimestamps: Bool
    public var check: SignatureCheck
    /// Configured secrets or keys that do not decode: said on every request, not silently left out.
    public var undecodableSecrets: Int
    /// Oldest timestamp accepted, in seconds; 0 turns the check off. Only the past is checked,
    /// as the providers' SDKs do.
    public var toleranceSeconds: Int

    public init(
        header: String, layout: Layout, signedString: [Part], millisecondTimestamps: Bool = false,
        signature: HMACSignature = .sha256Hex, secrets: [String], keyEncoding: KeyEncoding = .utf8, toleranceSeconds: Int
    ) {
        self.header = header
        self.layout = layout
        self.signedString = signedString
        self.millisecondTimestamps = millisecondTimestamps
        let keys = secrets.flatMap { Self.keys($0, keyEncoding) }
        check = .hmac(signature, keys: keys)
        undecodableSecrets = secrets.filter { Self.keys($0, keyEncoding).isEmpty }.count
        self.toleranceSeconds = toleranceSeconds
    }

    /// Signatures under the public halves of key pairs: Ed25519 keys written as base64 after
    /// `keyPrefix` (Standard Webhooks' `whpk_`), several during a rotation.
    public init(
        header: String, layout: Layout, signedString: [Part], millisecondTimestamps: Bool = false,
        ed25519PublicKeys: [String], keyPrefix: String, toleranceSeconds: Int
    ) {
        self.header = header
        self.layout = layout
        self.signedString = signedString
        self.millisecondTimestamps = millisecondTimestamps
        let keys = ed25519PublicKeys.compactMap { SignatureCheck.ed25519PublicKey($0, afterPrefix: keyPrefix) }
        check = .ed25519(publicKeys: keys)
        undecodableSecrets = ed25519PublicKeys.count - keys.count
        self.toleranceSeconds = toleranceSeconds
    }

    /// `key=value` pairs over `"{timestamp}{separatorAfterTimestamp}{body}"` (Stripe, Paddle).
    public init(
        header: String, pairSeparator: Character, timestampKey: String, signatureKey: String,
        signature: HMACSignature = .sha256Hex, separatorAfterTimestamp: String, secrets: [String], toleranceSeconds: Int
    ) {
        self.init(
            header: header, layout: .pairs(separator: pairSeparator, timestampKey: timestampKey, signatureKey: signatureKey),
            signedString: [.timestamp, .text(separatorAfterTimestamp), .body], signature: signature, secrets: secrets,
            toleranceSeconds: toleranceSeconds)
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        guard undecodableSecrets == 0 else {
            throw .schemeNotConfigured("\(undecodableSecrets) configured secret(s) do not decode as the provider's keys")
        }
        guard let value = headers[header] else { throw .missingHeader(header) }
        let (timestampText, signatures) = try read(value, headers: headers)
        guard signatures.count <= HMACSignature.maxCandidates else {
            throw .malformedHeader(header, reason: "\(signatures.count) signatures; at most \(HMACSignature.maxCandidates) are checked")
        }
        var message: [UInt8] = []
        for part in signedString {
            switch part {
            case .timestamp: message += Array(timestampText.utf8)
            case .body: message += body
            case .text(let text): message += Array(text.utf8)
            case .header(let name):
                guard let value = headers[name] else { throw .missingHeader(name) }
                message += Array(value.utf8)
            }
        }
        guard check.anyValid(signatures, message: message) else {
            throw .noMatchingSignature(header: header)
        }
        guard let timestamp = Int(timestampText) else { throw .malformedHeader(header, reason: "the timestamp is not a Unix time") }
        let seconds = millisecondTimestamps ? timestamp / 1000 : timestamp
        let (age, overflow) = Int(now.timeIntervalSince1970).subtractingReportingOverflow(seconds)
        if toleranceSeconds > 0, overflow || age > toleranceSeconds {
            throw .timestampTooOld(ageSeconds: overflow ? Int.max : age, toleranceSeconds: toleranceSeconds)
        }
    }

    /// The timestamp (as written) and the signatures.
    private func read(_ value: String, headers: WebhookHeaders) throws(VerificationError) -> (String, [Substring]) {
        let unit = millisecondTimestamps ? "Unix time in milliseconds" : "Unix time"
        switch layout {
        case .pairs(let separator, let timestampKey, let signatureKey):
            var timestamp: String?
            var signatures: [Substring] = []
            for item in value.pieces(separatedBy: separator) {
                // An item without a key or a value is skipped, as one without `=` is.
                guard let equals = item.utf8.firstIndex(of: UInt8(ascii: "=")), equals > item.startIndex,
                    item.utf8.index(after: equals) < item.endIndex
                else { continue }
                let key = item[..<equals].trimmingSpaces
                let text = item[item.utf8.index(after: equals)...].trimmingSpaces
                if key == timestampKey {
                    guard Int(text) != nil else { throw .malformedHeader(header, reason: "\(timestampKey) is not a \(unit)") }
                    timestamp = String(text)
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
            let items = value.pieces(separatedBy: separator, omittingEmpty: false).map { Substring($0.trimmingSpaces) }
            guard let first = items.first, Int(first) != nil else {
                throw .malformedHeader(header, reason: "it does not start with a \(unit)")
            }
            let signatures = items.dropFirst().filter { !$0.isEmpty }
            guard !signatures.isEmpty else { throw .malformedHeader(header, reason: "no signature after the timestamp") }
            return (String(first), Array(signatures))
        case .versioned(let separator, let version, let timestampHeader):
            guard let timestamp = headers[timestampHeader]?.trimmingCharacters(in: .whitespaces) else {
                throw .missingHeader(timestampHeader)
            }
            guard Int(timestamp) != nil else { throw .malformedHeader(timestampHeader, reason: "not a \(unit)") }
            let prefix = version + ","
            let signatures = value.pieces(separatedBy: separator).filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) }
            guard !signatures.isEmpty else { throw .malformedHeader(header, reason: "no \(version) signature") }
            return (timestamp, signatures)
        }
    }

    /// The HMAC key of a secret; nil (it then matches nothing) when it does not decode.
    /// The HMAC keys a configured secret stands for: none when it does not decode.
    static func keys(_ secret: String, _ encoding: KeyEncoding) -> [[UInt8]] {
        func decoded(_ prefix: String) -> [UInt8]? {
            var text = secret.hasPrefix(prefix) ? String(secret.dropFirst(prefix.count)) : secret
            // Standard Webhooks' libraries pad unpadded secrets.
            while text.utf8.count % 4 != 0 { text += "=" }
            return Data(base64Encoded: text).map(Array.init)
        }
        switch encoding {
        case .utf8: return [Array(secret.utf8)]
        case .base64(let prefix): return decoded(prefix).map { [$0] } ?? []
        case .utf8OrBase64(let prefix):
            let raw = Array(secret.utf8)
            guard let other = decoded(prefix), !other.isEmpty, other != raw else { return [raw] }
            return [raw, other]
        }
    }
}
