/// Paystack: JSON events signed with `x-paystack-signature`, the hex HMAC-SHA512 of the raw body
/// keyed with the account's secret API key (Paystack issues no separate webhook secret), no
/// timestamp, one event per request, no event id (the mapper derives the key).
public enum PaystackProvider {
    public static let id: ProviderID = "paystack"

    public static let defaultAPIURL = "https://api.paystack.co"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: PaystackMapper.schema,
            credentials: [
                Credential(
                    "SECRET_KEY", .secretList, requiredToMount: true,
                    "the secret API key(s) (sk_live_…) that sign Paystack's webhooks, comma-separated while one is rolled; unset: /webhooks/paystack answers 404"),
                Credential("API_URL", .url, "Paystack's API origin, for `backfill paystack` (tests point it at a fake); unset: \(defaultAPIURL)"),
            ],
            testWebhook: PaystackTestWebhook.make
        ) { credentials in
            OneEventProvider(id: id, accepts: [.json], verifier: verifier(secrets: credentials.list("SECRET_KEY")), mapper: PaystackMapper())
        }
        // The secret key that signs the webhooks reads the API too (the first, during a roll).
        definition.listingCredentials = ["SECRET_KEY"]
        definition.listing = { credentials in
            credentials.list("SECRET_KEY").first.map { key in
                ObjectListing(
                    api: ProviderAPIAccess(
                        name: "Paystack API", baseURL: credentials.value("API_URL") ?? defaultAPIURL,
                        headers: ["Authorization": "Bearer \(key)", "User-Agent": "BillingBridge"]),
                    keyVariable: id.variable("SECRET_KEY"), collections: [PaystackTransactionCollection()], remembered: [])
            }
        }
        return definition
    }()

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "x-paystack-signature", signature: HMACSignature(.sha512, .hex), secrets: secrets)
    }
}
