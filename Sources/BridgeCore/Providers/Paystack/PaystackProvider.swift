/// Paystack: JSON events signed with `x-paystack-signature`, the hex HMAC-SHA512 of the raw body
/// keyed with the account's secret API key (Paystack issues no separate webhook secret), no
/// timestamp, one event per request, no event id (the mapper derives the key).
public enum PaystackProvider {
    public static let id: ProviderID = "paystack"

    public static let definition = ProviderDefinition(
        id: id, schema: PaystackMapper.schema,
        credentials: [
            Credential(
                "SECRET_KEY", .secretList, requiredToMount: true,
                "the secret API key(s) (sk_live_…) that sign Paystack's webhooks, comma-separated while one is rolled; unset: /webhooks/paystack answers 404")
        ],
        testWebhook: PaystackTestWebhook.make
    ) { credentials in
        OneEventProvider(id: id, accepts: [.json], verifier: verifier(secrets: credentials.list("SECRET_KEY")), mapper: PaystackMapper())
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "x-paystack-signature", signature: HMACSignature(.sha512, .hex), secrets: secrets)
    }
}
