/// Paddle Classic (legacy): form bodies signed with `p_signature`, RSA SHA-1 over the other
/// fields PHP-serialized in key order, under the vendor's public key; dedup on `alert_id`.
public enum PaddleClassicProvider {
    public static let id: ProviderID = "paddle-classic"

    public static let definition = ProviderDefinition(
        id: id, schema: PaddleClassicMapper.schema,
        credentials: [
            Credential(
                "PUBLIC_KEY", .value, requiredToMount: true,
                "the vendor's PEM public key (Developer Tools → Public Key; line breaks as they are or as \\n); unset: /webhooks/paddle-classic answers 404")
        ],
        // Signed with the vendor's private key, which the bridge never holds: Paddle's dashboard
        // sends test alerts (Developer Tools → Events).
        testWebhook: nil
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.form], verifier: RSASignedFormVerifier(field: "p_signature", publicKeysPEM: credentials.list("PUBLIC_KEY")),
            mapper: PaddleClassicMapper())
    }
}
