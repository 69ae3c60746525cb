import Foundation

/// Recurly: JSON webhooks (`recurly-signature: {ms},{sig}[,{sig}]`, hex HMAC-SHA256 over
/// `"{ms}.{body}"`, 5 minutes' tolerance as Recurly's SDKs) whose objects come from the v3 API,
/// and legacy XML notifications behind HTTP Basic authentication.
public enum RecurlyProvider {
    public static let id: ProviderID = "recurly"
    public static let defaultAPIURL = "https://v3.recurly.com"
    /// The v3 API version the payload types are written for.
    public static let apiAccept = "application/vnd.recurly.v2021-02-25"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: RecurlyMapper.schema,
            credentials: [
                .webhookSecrets(id), .tolerance(id, defaultSeconds: 300),
                Credential("API_KEY", .secret, "private API key, to fetch what JSON webhooks name (invoices, transactions, subscriptions), and for `backfill recurly` and reconcile"),
                Credential("API_URL", .url, "v3 API base URL; unset: \(defaultAPIURL) (EU sites: https://v3.eu.recurly.com)"),
                Credential("WEBHOOK_USERNAME", .value, "username of the basic authentication on an XML notification endpoint"),
                Credential("WEBHOOK_PASSWORD", .secretList, "its password (during a change, the old and the new, comma-separated)"),
            ],
            mountAlternatives: [["WEBHOOK_SECRET", "API_KEY"], ["WEBHOOK_USERNAME", "WEBHOOK_PASSWORD"]], testWebhook: RecurlyTestWebhook.make
        ) { credentials in
            let secrets = credentials.list("WEBHOOK_SECRET")
            let apiKey = credentials.value("API_KEY")
            let username = credentials.value("WEBHOOK_USERNAME")
            let passwords = credentials.list("WEBHOOK_PASSWORD")
            return RecurlyWebhooks(
                signature: secrets.isEmpty
                    ? nil : verifier(secrets: secrets, toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 300)),
                basicAuth: username.flatMap { user in passwords.isEmpty ? nil : BasicAuthVerifier(username: user, passwords: passwords) },
                api: apiKey.map { api(key: $0, baseURL: credentials.value("API_URL")) })
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map { RecurlyListing.make(key: $0, baseURL: credentials.value("API_URL")) }
        }
        return definition
    }()

    /// The v3 API with the key: for what webhooks name, and for the listings.
    static func api(key: String, baseURL: String?) -> ProviderAPIAccess {
        ProviderAPIAccess(
            name: "Recurly API", baseURL: baseURL ?? defaultAPIURL,
            headers: ["Authorization": "Basic " + Data("\(key):".utf8).base64EncodedString(), "Accept": apiAccept, "User-Agent": "BillingBridge"])
    }

    /// The catalogue's timestamped HMAC, as Recurly signs.
    public static func verifier(secrets: [String], toleranceSeconds: Int = 300) -> SignedStringVerifier {
        SignedStringVerifier(
            header: "recurly-signature", layout: .timestampFirst(separator: ","), signedString: [.timestamp, .text("."), .body],
            millisecondTimestamps: true, secrets: secrets, toleranceSeconds: toleranceSeconds)
    }
}
