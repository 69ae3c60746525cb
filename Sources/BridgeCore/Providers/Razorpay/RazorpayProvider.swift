/// Razorpay: JSON events signed with `X-Razorpay-Signature` (hex HMAC-SHA256 of the raw body with
/// the webhook secret, no timestamp), one event per request, the event id in the
/// `x-razorpay-event-id` header.
public enum RazorpayProvider {
    public static let id: ProviderID = "razorpay"

    public static let definition = ProviderDefinition(
        id: id, schema: RazorpayMapper.schema, credentials: [.webhookSecrets(id)], testWebhook: RazorpayTestWebhook.make
    ) { credentials in
        OneEventProvider(
            id: id, accepts: [.json], verifier: verifier(secrets: credentials.list("WEBHOOK_SECRET")), mapper: RazorpayMapper())
    }

    public static func verifier(secrets: [String]) -> BodyHMACVerifier {
        BodyHMACVerifier(header: "X-Razorpay-Signature", secrets: secrets)
    }
}
