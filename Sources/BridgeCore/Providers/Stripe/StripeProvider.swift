/// Stripe: JSON events signed with `Stripe-Signature`, one event per request, the event id in the
/// body.
public enum StripeProvider {
    public static let id: ProviderID = "stripe"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: StripeMapper.schema,
            credentials: [
                .webhookSecrets(id), .tolerance(id, defaultSeconds: 300),
                Credential("API_KEY", .secret, "a restricted key with read access to Events (and, for days older than 30, to the objects `backfill stripe` reads), for backfill and reconcile; never needed to serve"),
                Credential("API_URL", .url, "Stripe's API origin (tests point it at a fake); unset: https://api.stripe.com"),
            ],
            testWebhook: StripeTestWebhook.make
        ) { credentials in
            OneEventProvider(
                id: id, accepts: [.json],
                verifier: StripeVerifier(
                    secrets: credentials.list("WEBHOOK_SECRET"),
                    toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 300)),
                mapper: StripeMapper())
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map { StripeListing.make(key: $0, baseURL: credentials.value("API_URL")) }
        }
        return definition
    }()
}
