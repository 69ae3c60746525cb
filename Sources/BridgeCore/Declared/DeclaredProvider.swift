import Foundation

/// A provider declared in a mapping file: the catalogue's verifier the file names, and its events
/// read through the file's paths. Works as a built-in one does (holds, dedup, replay, `map`).
public struct DeclaredProvider: Provider {
    public let spec: DeclaredProviderSpec
    let verifier: any WebhookVerifier

    public init(spec: DeclaredProviderSpec, credentials: ProviderCredentials) {
        self.spec = spec
        verifier = spec.verification.verifier(credentials)
    }

    public var id: ProviderID { spec.id }
    public var accepts: Set<MediaType> { [spec.body] }
    var what: String { "\(spec.id) event" }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        try verifier.verify(body: body, headers: headers, now: now)
    }

    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? { nil }

    public func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope] {
        guard let member = spec.batch else { return [try envelope(body, headers: headers, batched: false)] }
        guard spec.body == .json else { throw PayloadError("\(what): batches are JSON only") }
        let slices: [Range<Int>]
        do { slices = try JSONArraySlices.elements(of: member, in: body) } catch { throw PayloadError("\(what): \(error)") }
        return try slices.map { try envelope(Array(body[$0]), headers: headers, batched: true) }
    }

    func envelope(_ bytes: [UInt8], headers: WebhookHeaders, batched: Bool) throws -> EventEnvelope {
        let payload = DeclaredPayload(tree: try PayloadValue.parse(bytes, as: spec.body, what: what), headers: headers, body: bytes, what: what)
        guard let type = try spec.eventType.text(payload) else { throw PayloadError("\(what): \(spec.eventType.whereLooked) is missing") }
        var id: String?
        for rule in spec.eventID where rule.applies(to: type) {
            if let value = try rule.value.text(payload) {
                id = value
                break
            }
        }
        guard let id else {
            let looked = spec.eventID.filter { $0.applies(to: type) }.map(\.value.whereLooked).joined(separator: "; ")
            throw PayloadError("\(what): no event id for \(type): looked for \(looked.isEmpty ? "a rule for this type" : looked)")
        }
        // Read loosely, as every provider's envelope time is: the mapper reads it strictly.
        let time: PayloadTime?
        do { time = try spec.eventTime?.time(payload) } catch { time = nil }
        return EventEnvelope(id: id, type: type, occurredAt: time, body: batched ? bytes : nil)
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        let payload = DeclaredPayload(
            tree: try PayloadValue.parse(event.body, as: spec.body, what: what), headers: event.headers, body: event.body, what: what)
        return try DeclaredMapper(spec: spec, rules: rules, payload: payload).map()
    }
}
