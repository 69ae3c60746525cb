import Foundation

/// Reads one provider's event bodies: the envelope before storing, the actions after. Pure.
public protocol EventMapper: Sendable {
    /// The event's dedup key and type, from the body (and, for some providers, a header).
    func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope
    func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping
    /// The API documents that would add to this event's mapping, given those fetched so far
    /// (`Provider.lookups`). Asked only when the provider's API is configured.
    func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String]
    /// The mapping with whatever API documents were fetched for the event.
    func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping
}

extension EventMapper {
    public func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] { [] }
    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping { try map(event.body, rules: rules) }
}

/// What most providers are: one event per request, its id in the body, checked by a verifier
/// from the signature catalogue and read by the provider's mapper. Written once, configured per
/// provider in its `ProviderDefinition`.
public struct OneEventProvider: Provider {
    public let id: ProviderID
    public let accepts: Set<MediaType>
    let verifier: any WebhookVerifier
    let mapper: any EventMapper
    /// Where the provider's API is, when its key is configured: the mapper's lookups are asked
    /// for then only, so that the API stays optional (Lemon Squeezy's billing intervals).
    public let api: ProviderAPIAccess?

    public init(
        id: ProviderID, accepts: Set<MediaType>, verifier: any WebhookVerifier, mapper: any EventMapper, api: ProviderAPIAccess? = nil
    ) {
        self.id = id
        self.accepts = accepts
        self.verifier = verifier
        self.mapper = mapper
        self.api = api
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        try verifier.verify(body: body, headers: headers, now: now)
    }

    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? {
        try verifier.answerChallenge(query: query)
    }

    public func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
        [try mapper.envelope(of: body, headers: headers)]
    }

    public func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] {
        api == nil ? [] : try mapper.lookups(for: event, rules: rules)
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        try mapper.map(event, rules: rules)
    }
}
