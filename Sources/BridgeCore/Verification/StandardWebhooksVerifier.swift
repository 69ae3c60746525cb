import Foundation

/// A Standard Webhooks endpoint as the standard describes it: `v1,` entries (HMAC-SHA256 under a
/// `whsec_` + base64 secret) and `v1a,` entries (Ed25519 under a `whpk_` + base64 public key),
/// space-separated in `webhook-signature`. Each configured value is a secret or a public key by its
/// prefix; a request passes when an entry verifies under any of them, within the tolerance.
public struct StandardWebhooksVerifier: WebhookVerifier {
    let checks: [SignedStringVerifier]

    public init(secrets: [String], toleranceSeconds: Int) {
        let publicKeys = secrets.filter { $0.hasPrefix("whpk_") }
        let shared = secrets.filter { !$0.hasPrefix("whpk_") }
        var checks: [SignedStringVerifier] = []
        if !shared.isEmpty || publicKeys.isEmpty {
            checks.append(.standardWebhooks(secrets: shared, keyEncoding: .base64(afterPrefix: "whsec_"), toleranceSeconds: toleranceSeconds))
        }
        if !publicKeys.isEmpty {
            checks.append(SignedStringVerifier(
                header: "webhook-signature", layout: .versioned(separator: " ", version: "v1a", timestampHeader: "webhook-timestamp"),
                signedString: [.header("webhook-id"), .text("."), .timestamp, .text("."), .body], ed25519PublicKeys: publicKeys,
                keyPrefix: "whpk_", toleranceSeconds: toleranceSeconds))
        }
        self.checks = checks
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        var first: VerificationError?
        for check in checks {
            do {
                try check.verify(body: body, headers: headers, now: now)
                return
            } catch {
                if first == nil { first = error }
            }
        }
        throw first ?? .noMatchingSignature(header: "webhook-signature")
    }
}
