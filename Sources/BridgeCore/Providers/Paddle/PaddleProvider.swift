import Foundation

/// Paddle Billing: JSON notifications signed with `Paddle-Signature: ts=…;h1=…` (hex HMAC-SHA256
/// over `"{ts}:{raw body}"`, every `h1` under every secret, unknown keys ignored; 5 s tolerance
/// by default, as Paddle's SDKs), one event per request, the event id in the body.
public struct PaddleProvider: Provider {
    public static let id: ProviderID = "paddle"

    public static let definition = ProviderDefinition(
        id: id, schema: PaddleMapper.schema,
        credentials: [.webhookSecrets(id), .tolerance(id, defaultSeconds: 5)]
    ) { credentials in
        PaddleProvider(
            secrets: credentials.list("WEBHOOK_SECRET"), toleranceSeconds: credentials.seconds("TOLERANCE_SECONDS", default: 5))
    }

    let verifier: TimestampedHMACVerifier
    let mapper = PaddleMapper()

    public init(secrets: [String], toleranceSeconds: Int = 5) {
        verifier = TimestampedHMACVerifier(
            header: "Paddle-Signature", pairSeparator: ";", timestampKey: "ts", signatureKey: "h1",
            separatorAfterTimestamp: ":", secrets: secrets, toleranceSeconds: toleranceSeconds)
    }

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
