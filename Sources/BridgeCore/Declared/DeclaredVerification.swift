import Foundation

/// How a declared provider's webhooks are checked: one of the catalogue's verifiers, configured
/// by the mapping file, keyed with the secrets from `{NAME}_WEBHOOK_SECRET` (or the Basic pair).
public enum DeclaredVerification: Sendable, Equatable {
    /// One header holds the HMAC of the raw body.
    case bodyHMAC(header: String, signature: HMACSignature)
    /// A header holds the signature(s) of a string built from a timestamp, headers and the body.
    case signedString(SignedString)
    /// HTTP Basic: `{NAME}_USERNAME` and `{NAME}_PASSWORD`.
    case basic
    /// A header holds the shared secret itself.
    case token(header: String)

    public struct SignedString: Sendable, Equatable {
        public var header: String
        public var layout: SignedStringVerifier.Layout
        public var message: [SignedStringVerifier.Part]
        public var millisecondTimestamps: Bool
        /// nil: Ed25519 under public keys written as base64 after `publicKeyPrefix`.
        public var signature: HMACSignature?
        public var keyEncoding: SignedStringVerifier.KeyEncoding
        public var publicKeyPrefix: String
        public var defaultToleranceSeconds: Int
    }

    /// Standard Webhooks (standardwebhooks.com): `v1,` under `whsec_` + base64 secrets and `v1a,`
    /// under `whpk_` public keys, 5 minutes (`StandardWebhooksVerifier`).
    case standardWebhooks

    /// The credentials it reads, as `{NAME}_…` variables.
    public func credentials(_ id: ProviderID) -> [Credential] {
        switch self {
        case .bodyHMAC, .token: [.webhookSecrets(id)]
        case .standardWebhooks: [.webhookSecrets(id), .tolerance(id, defaultSeconds: 300)]
        case .signedString(let signed):
            [.webhookSecrets(id), .tolerance(id, defaultSeconds: signed.defaultToleranceSeconds)]
        case .basic:
            [
                Credential("USERNAME", .value, requiredToMount: true, "the username \(id) sends in its Basic Authorization header"),
                Credential(
                    "PASSWORD", .secretList, requiredToMount: true,
                    "the password(s) \(id) sends, comma-separated during a rotation; unset: /webhooks/\(id) answers 404"),
            ]
        }
    }

    public func verifier(_ credentials: ProviderCredentials) -> any WebhookVerifier {
        switch self {
        case .bodyHMAC(let header, let signature):
            return BodyHMACVerifier(header: header, signature: signature, secrets: credentials.list("WEBHOOK_SECRET"))
        case .standardWebhooks:
            return StandardWebhooksVerifier(
                secrets: credentials.list("WEBHOOK_SECRET"), toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 300))
        case .token(let header):
            return TokenHeaderVerifier(header: header, tokens: credentials.list("WEBHOOK_SECRET"))
        case .basic:
            return BasicAuthVerifier(username: credentials.value("USERNAME") ?? "", passwords: credentials.list("PASSWORD"))
        case .signedString(let signed):
            let tolerance = credentials.seconds("TOLERANCE_SECONDS", default: signed.defaultToleranceSeconds)
            guard let signature = signed.signature else {
                return SignedStringVerifier(
                    header: signed.header, layout: signed.layout, signedString: signed.message,
                    millisecondTimestamps: signed.millisecondTimestamps, ed25519PublicKeys: credentials.list("WEBHOOK_SECRET"),
                    keyPrefix: signed.publicKeyPrefix, toleranceSeconds: tolerance)
            }
            return SignedStringVerifier(
                header: signed.header, layout: signed.layout, signedString: signed.message,
                millisecondTimestamps: signed.millisecondTimestamps, signature: signature, secrets: credentials.list("WEBHOOK_SECRET"),
                keyEncoding: signed.keyEncoding, toleranceSeconds: tolerance)
        }
    }
}
