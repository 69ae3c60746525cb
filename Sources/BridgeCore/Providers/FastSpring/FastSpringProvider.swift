/// FastSpring: batches of JSON events signed with `X-FS-Signature`, the base64 HMAC-SHA256 of the
/// raw body under the webhook's secret, no timestamp; each event's `id` is its dedup key.
public enum FastSpringProvider {
    public static let id: ProviderID = "fastspring"

    public static let definition = ProviderDefinition(
        id: id, schema: FastSpringMapper.schema, credentials: [.webhookSecrets(id)], testWebhook: FastSpringTestWebhook.make
    ) { credentials in
        FastSpringWebhooks(verifier: verifier(secrets: credentials.list("WEBHOOK_SECRET")))
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "X-FS-Signature", signature: HMACSignature(.sha256, .base64), secrets: secrets)
    }
}
