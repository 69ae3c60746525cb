import Foundation

/// Lemon Squeezy: JSON events signed with `X-Signature` (hex HMAC-SHA256 of the raw body, no
/// timestamp), one event per request, no event id in the body (the mapper derives the key).
/// With an API key, subscription invoices' plans and intervals are fetched from its API.
public enum LemonSqueezyProvider {
    public static let id: ProviderID = "lemonsqueezy"
    public static let defaultAPIURL = "https://api.lemonsqueezy.com"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: LemonSqueezyMapper.schema,
            credentials: [
                .webhookSecrets(id),
                Credential(
                    "API_KEY", .secret,
                    "API key, to give subscription payments their plan and MRR, and for `backfill lemonsqueezy` and reconcile; unset: payments are sent without them"),
                Credential("API_URL", .url, "API base URL; unset: \(defaultAPIURL)"),
                Credential("STORE_ID", .value, "the store `backfill lemonsqueezy` and reconcile read; unset: every store of the key's user"),
            ],
            testWebhook: LemonSqueezyTestWebhook.make
        ) { credentials in
            OneEventProvider(
                id: id, accepts: [.json], verifier: verifier(secrets: credentials.list("WEBHOOK_SECRET")),
                mapper: LemonSqueezyMapper(),
                // Plans and intervals only add to a sale: a document refused for good is done without.
                api: credentials.value("API_KEY").map { api(key: $0, baseURL: credentials.value("API_URL"), optional: true) })
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map {
                LemonSqueezyListing.make(key: $0, baseURL: credentials.value("API_URL"), storeID: credentials.value("STORE_ID"))
            }
        }
        return definition
    }()

    /// The API with the key: for subscription payments' plans, and for the listings.
    static func api(key: String, baseURL: String?, optional: Bool) -> ProviderAPIAccess {
        ProviderAPIAccess(
            name: "Lemon Squeezy API", baseURL: baseURL ?? defaultAPIURL,
            headers: ["Authorization": "Bearer \(key)", "Accept": "application/vnd.api+json", "User-Agent": "BillingBridge"], optional: optional)
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "X-Signature", secrets: secrets)
    }
}
