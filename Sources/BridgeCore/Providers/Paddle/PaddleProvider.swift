/// Paddle Billing: JSON notifications signed with `Paddle-Signature: ts=…;h1=…` (hex HMAC-SHA256
/// over `"{ts}:{raw body}"`, every `h1` under every secret, unknown keys ignored; 5 s tolerance
/// by default, as Paddle's SDKs), one event per request, the event id in the body.
public enum PaddleProvider {
    public static let id: ProviderID = "paddle"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: PaddleMapper.schema,
            credentials: [
                .webhookSecrets(id), .tolerance(id, defaultSeconds: 5),
                Credential("API_KEY", .secret, "an API key with Read on events (and, for days older than 90, on transactions, customers, adjustments and subscriptions), for `backfill paddle` and reconcile; never needed to serve"),
                Credential(
                    "API_URL", .url, "Paddle's API origin (tests point it at a fake); unset: https://api.paddle.com, or https://sandbox-api.paddle.com for a pdl_sdbx_ key"),
            ], testWebhook: PaddleTestWebhook.make
        ) { credentials in
            OneEventProvider(
                id: id, accepts: [.json],
                verifier: verifier(
                    secrets: credentials.list("WEBHOOK_SECRET"), toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 5)),
                mapper: PaddleMapper())
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map { PaddleListing.make(key: $0, baseURL: credentials.value("API_URL")) }
        }
        return definition
    }()

    /// The catalogue's timestamped HMAC, as Paddle signs.
    public static func verifier(secrets: [String], toleranceSeconds: Int = 5) -> SignedStringVerifier {
        SignedStringVerifier(
            header: "Paddle-Signature", pairSeparator: ";", timestampKey: "ts", signatureKey: "h1",
            separatorAfterTimestamp: ":", secrets: secrets, toleranceSeconds: toleranceSeconds)
    }
}
