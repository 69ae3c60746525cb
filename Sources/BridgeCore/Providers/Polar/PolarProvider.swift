/// Polar: JSON events signed with Standard Webhooks headers, one event per request, the event id
/// in `webhook-id`. The key is the whole secret string, as Polar's servers sign; its newest SDK
/// (polar-sdk 1.0.2) also accepts the key base64-decoded after `whsec_`, and so does the bridge.
public enum PolarProvider {
    public static let id: ProviderID = "polar"
    public static let defaultToleranceSeconds = 300

    public static let definition = ProviderDefinition(
        id: id, schema: PolarMapper.schema,
        credentials: [.webhookSecrets(id), .tolerance(id, defaultSeconds: defaultToleranceSeconds)],
        testWebhook: PolarTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.json],
            verifier: SignedStringVerifier.standardWebhooks(
                secrets: credentials.list("WEBHOOK_SECRET"), keyEncoding: .utf8OrBase64(afterPrefix: "whsec_"),
                toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: defaultToleranceSeconds)),
            mapper: PolarMapper(eventIDHeader: "webhook-id"))
    }
}
