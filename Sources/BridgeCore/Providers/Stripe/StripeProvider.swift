import Foundation

/// Stripe: JSON events signed with `Stripe-Signature`, one event per request, the event id in the
/// body.
public struct StripeProvider: Provider {
    public static let id: ProviderID = "stripe"

    public static let definition = ProviderDefinition(
        id: id, schema: StripeMapper.schema,
        credentials: [.webhookSecrets(id), .tolerance(id, defaultSeconds: 300)]
    ) { credentials in
        StripeProvider(
            verifier: StripeVerifier(
                secrets: credentials.list("WEBHOOK_SECRET"),
                toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 300)))
    }

    let verifier: StripeVerifier
    let mapper = StripeMapper()

    public init(verifier: StripeVerifier) { self.verifier = verifier }

    public var id: ProviderID { Self.id }
    public var accepts: Set<MediaType> { [.json] }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        try verifier.verify(body: body, headers: headers, now: now)
    }

    public func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
        [try mapper.envelope(of: body)]
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        try mapper.map(event.body, rules: rules)
    }
}
