/// Lemon Squeezy: JSON events signed with `X-Signature` (hex HMAC-SHA256 of the raw body, no
/// timestamp), one event per request, no event id in the body (the mapper derives the key).
public enum LemonSqueezyProvider {
    public static let id: ProviderID = "lemonsqueezy"

    public static let definition = ProviderDefinition(
        id: id, schema: LemonSqueezyMapper.schema, credentials: [.webhookSecrets(id)], testWebhook: LemonSqueezyTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.json], verifier: verifier(secrets: credentials.list("WEBHOOK_SECRET")),
            mapper: LemonSqueezyMapper())
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "X-Signature", secrets: secrets)
    }
}
