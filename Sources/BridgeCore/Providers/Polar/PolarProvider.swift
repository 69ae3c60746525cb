/// Polar: JSON events signed with Standard Webhooks headers, one event per request, the event id
/// in `webhook-id`. The key is the whole secret string, as Polar's servers sign; its newest SDK
/// (polar-sdk 1.0.2) also accepts the key base64-decoded after `whsec_`, and so does the bridge.
public enum PolarProvider {
    public static let id: ProviderID = "polar"
    public static let defaultToleranceSeconds = 300

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: PolarMapper.schema,
            credentials: [
                .webhookSecrets(id), .tolerance(id, defaultSeconds: defaultToleranceSeconds),
                Credential("API_KEY", .secret, "an organization access token with orders:read and subscriptions:read, for `backfill polar` and reconcile; never needed to serve"),
                Credential("API_URL", .url, "Polar's API origin (https://sandbox-api.polar.sh for the sandbox; tests point it at a fake); unset: \(PolarListing.defaultAPIURL)"),
            ],
            testWebhook: PolarTestWebhook.make
        ) { credentials in
            OneEventProvider(
                id: id, accepts: [.json],
                verifier: SignedStringVerifier.standardWebhooks(
                    secrets: credentials.list("WEBHOOK_SECRET"), keyEncoding: .utf8OrBase64(afterPrefix: "whsec_"),
                    toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: defaultToleranceSeconds)),
                mapper: PolarMapper(eventIDHeader: "webhook-id"))
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map { PolarListing.make(key: $0, baseURL: credentials.value("API_URL")) }
        }
        return definition
    }()
}
