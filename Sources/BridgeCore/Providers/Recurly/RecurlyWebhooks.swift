import Crypto
import Foundation

/// Recurly as the service runs it: JSON webhooks signed with `recurly-signature` whose objects are
/// fetched from the v3 API, and XML notifications behind HTTP Basic authentication, both at
/// `/webhooks/recurly`. The body's content type says which; each is refused when its
/// credentials are not configured.
public struct RecurlyWebhooks: Provider {
    public let id: ProviderID = RecurlyProvider.id
    public let accepts: Set<MediaType> = [.json, .xml]
    let signature: SignedStringVerifier?
    let basicAuth: BasicAuthVerifier?
    public let api: ProviderAPIAccess?
    let mapper = RecurlyMapper()

    public init(signature: SignedStringVerifier?, basicAuth: BasicAuthVerifier?, api: ProviderAPIAccess?) {
        self.signature = signature
        self.basicAuth = basicAuth
        self.api = api
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        switch Self.format(headers) {
        case .xml:
            guard let basicAuth else {
                throw .schemeNotConfigured("XML notifications need RECURLY_WEBHOOK_USERNAME and RECURLY_WEBHOOK_PASSWORD")
            }
            try basicAuth.verify(body: body, headers: headers, now: now)
        default:
            guard let signature else {
                throw .schemeNotConfigured("JSON webhooks need RECURLY_WEBHOOK_SECRET and RECURLY_API_KEY")
            }
            try signature.verify(body: body, headers: headers, now: now)
        }
    }

    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? { nil }

    public func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
        if Self.format(headers) == .xml {
            let (type, notification) = try mapper.notification(body)
            // XML notifications carry no id: the kind and the object (and, for a subscription,
            // when it ended, since one can be canceled again after a reactivation). Kinds that
            // name none of the objects the bridge maps (account, billing info, usage) are sent to
            // every XML endpoint: they are kept under the body's digest, so that a retry is one
            // event, and mapped to nothing, rather than refused and retried by Recurly.
            let object = notification.objectID ?? "sha256-" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
            let ended = notification.subscription.map { ":" + ($0.canceled_at ?? $0.expires_at ?? "") } ?? ""
            let time = notification.invoice?.closed_at ?? notification.transaction?.date ?? notification.subscription?.canceled_at
            return [EventEnvelope(id: "\(type):\(object)\(ended)", type: type, occurredAt: time.flatMap(PayloadTime.rfc3339))]
        }
        let webhook = try mapper.webhook(body)
        guard !webhook.id.isEmpty else { throw PayloadError("Recurly event: id is empty") }
        return [EventEnvelope(id: webhook.id, type: webhook.type, occurredAt: webhook.event_time.flatMap(PayloadTime.rfc3339))]
    }

    public func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] {
        Self.format(event.headers) == .xml ? [] : try mapper.lookups(for: event, rules: rules)
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        Self.format(event.headers) == .xml ? try mapper.mapXML(event.body, rules: rules) : try mapper.mapJSON(event, rules: rules)
    }

    /// XML when the content type says so; JSON otherwise (also when no header was kept).
    static func format(_ headers: WebhookHeaders) -> MediaType {
        headers["Content-Type"].flatMap(MediaType.init(contentType:)) == .xml ? .xml : .json
    }
}
