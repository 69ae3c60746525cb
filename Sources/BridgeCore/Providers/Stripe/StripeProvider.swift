/// Stripe: JSON events signed with `Stripe-Signature`, one event per request, the event id in the
/// body.
public enum StripeProvider {
    public static let id: ProviderID = "stripe"

    public static let definition = ProviderDefinition(
        id: id, schema: StripeMapper.schema,
        credentials: [.webhookSecrets(id), .tolerance(id, defaultSeconds: 300)], testWebhook: StripeTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.json],
            verifier: StripeVerifier(
                secrets: credentials.list("WEBHOOK_SECRET"),
                toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 300)),
            mapper: StripeMapper())
    }
}
