/// Standard Webhooks (standardwebhooks.com) as the catalogue checks it: `webhook-signature` holds
/// space-separated `v1,{base64}` signatures of `"{webhook-id}.{webhook-timestamp}.{body}"`,
/// HMAC-SHA256. Senders differ only in how the secret becomes the key: the standard's `whsec_` +
/// base64, decoded; Polar's whole secret string as it is.
extension SignedStringVerifier {
    public static func standardWebhooks(secrets: [String], keyEncoding: KeyEncoding, toleranceSeconds: Int) -> SignedStringVerifier {
        SignedStringVerifier(
            header: "webhook-signature", layout: .versioned(separator: " ", version: "v1", timestampHeader: "webhook-timestamp"),
            signedString: [.header("webhook-id"), .text("."), .timestamp, .text("."), .body], signature: HMACSignature(.sha256, .base64),
            secrets: secrets, keyEncoding: keyEncoding, toleranceSeconds: toleranceSeconds)
    }
}
