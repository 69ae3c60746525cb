/// Maxio Advanced Billing (formerly Chargify): form bodies signed with
/// `X-Chargify-Webhook-Signature-Hmac-Sha-256`, the hex HMAC-SHA256 of the raw body keyed with the
/// site's shared key; no timestamp; dedup on the webhook `id`, which a retry or replay keeps.
public enum MaxioProvider {
    public static let id: ProviderID = "maxio"

    public static let definition = ProviderDefinition(
        id: id, schema: MaxioMapper.schema,
        credentials: [
            Credential(
                "WEBHOOK_SECRET", .secretList, requiredToMount: true,
                "the site's Shared Key (Config → Settings), which signs its webhooks; comma-separated while one is changed; unset: /webhooks/maxio answers 404"),
            Credential(
                "CURRENCY", .currency,
                "the site's currency (USD), for payment webhooks that name none; unset: such a payment fails, naming what is missing"),
        ],
        testWebhook: MaxioTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.form], verifier: verifier(secrets: credentials.list("WEBHOOK_SECRET")),
            mapper: MaxioMapper(siteCurrency: credentials.value("CURRENCY")))
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "X-Chargify-Webhook-Signature-Hmac-Sha-256", signature: HMACSignature(.sha256, .hex), secrets: secrets)
    }
}
