/// Paddle Billing: JSON notifications signed with `Paddle-Signature: ts=…;h1=…` (hex HMAC-SHA256
/// over `"{ts}:{raw body}"`, every `h1` under every secret, unknown keys ignored; 5 s tolerance
/// by default, as Paddle's SDKs), one event per request, the event id in the body.
public enum PaddleProvider {
    public static let id: ProviderID = "paddle"

    public static let definition = ProviderDefinition(
        id: id, schema: PaddleMapper.schema,
        credentials: [.webhookSecrets(id), .tolerance(id, defaultSeconds: 5)], testWebhook: PaddleTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.json],
            verifier: verifier(
                secrets: credentials.list("WEBHOOK_SECRET"), toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 5)),
            mapper: PaddleMapper())
    }

    /// The catalogue's timestamped HMAC, as Paddle signs.
    public static func verifier(secrets: [String], toleranceSeconds: Int = 5) -> SignedStringVerifier {
        SignedStringVerifier(
            header: "Paddle-Signature", pairSeparator: ";", timestampKey: "ts", signatureKey: "h1",
            separatorAfterTimestamp: ":", secrets: secrets, toleranceSeconds: toleranceSeconds)
    }
}
