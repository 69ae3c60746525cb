/// Braintree: form-encoded notifications (`bt_signature`, `bt_payload` of base64 XML) signed
/// with the API key pair, and the `bt_challenge` GET that Braintree sends to a new URL.
public enum BraintreeProvider {
    public static let id: ProviderID = "braintree"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: BraintreeMapper.schema,
            credentials: [
                Credential("PUBLIC_KEY", .value, requiredToMount: true, "the public key of the Braintree API key pair that signs webhooks"),
                Credential(
                    "PRIVATE_KEY", .secret, requiredToMount: true,
                    "its private key; with either unset, /webhooks/braintree answers 404"),
                Credential("MERCHANT_ID", .value, "the merchant id, for `backfill braintree` and reconcile (with the key pair above)"),
                Credential("ENVIRONMENT", .value, "production (default) or sandbox: the API `backfill braintree` reads"),
                Credential("API_URL", .url, "Braintree's API origin (tests point it at a fake); unset: the environment's"),
            ], testWebhook: BraintreeTestWebhook.make
        ) { credentials in
            OneEventProvider(
                id: id, accepts: [.form],
                verifier: BraintreeVerifier(
                    publicKey: credentials.value("PUBLIC_KEY") ?? "", privateKey: credentials.value("PRIVATE_KEY") ?? ""),
                mapper: BraintreeMapper())
        }
        definition.listingCredentials = ["MERCHANT_ID", "PUBLIC_KEY", "PRIVATE_KEY"]
        definition.listing = { credentials in
            guard let merchant = credentials.value("MERCHANT_ID"), let publicKey = credentials.value("PUBLIC_KEY"),
                let privateKey = credentials.value("PRIVATE_KEY")
            else { return nil }
            return BraintreeListing(
                merchantID: merchant, publicKey: publicKey, privateKey: privateKey, environment: credentials.value("ENVIRONMENT"),
                baseURL: credentials.value("API_URL"))
        }
        return definition
    }()
}
