/// Braintree: form-encoded notifications (`bt_signature`, `bt_payload` of base64 XML) signed
/// with the API key pair, and the `bt_challenge` GET that Braintree sends to a new URL.
public enum BraintreeProvider {
    public static let id: ProviderID = "braintree"

    public static let definition = ProviderDefinition(
        id: id, schema: BraintreeMapper.schema,
        credentials: [
            Credential("PUBLIC_KEY", .value, requiredToMount: true, "the public key of the Braintree API key pair that signs webhooks"),
            Credential(
                "PRIVATE_KEY", .secret, requiredToMount: true,
                "its private key; with either unset, /webhooks/braintree answers 404"),
        ], testWebhook: BraintreeTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.form],
            verifier: BraintreeVerifier(
                publicKey: credentials.value("PUBLIC_KEY") ?? "", privateKey: credentials.value("PRIVATE_KEY") ?? ""),
            mapper: BraintreeMapper())
    }
}
