import Foundation

/// FastSpring as the service runs it: one request carries a batch of events, each stored under
/// its own id with its own bytes, and the answer lists the ids taken, one per line, as FastSpring
/// requires (an event left out of the answer is sent again).
public struct FastSpringWebhooks: Provider {
    public let id: ProviderID = FastSpringProvider.id
    public let accepts: Set<MediaType> = [.json]
    let verifier: BodyHMACVerifier
    let mapper = FastSpringMapper()

    public var acknowledgesEventIDs: Bool { true }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        try verifier.verify(body: body, headers: headers, now: now)
    }

    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? { nil }

    public func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
        try JSONArraySlices.elements(of: "events", in: body).map { range in
            let bytes = Array(body[range])
            return try mapper.envelope(of: bytes, headers: headers)
        }
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        try mapper.map(event.body, rules: rules)
    }
}
