import Foundation

/// One billing provider as the service runs it: built at start from its configuration (compiled
/// here, or, later, declared in a mapping file), so its secrets and settings are the instance's.
public protocol Provider: Sendable {
    var id: ProviderID { get }
    /// The body types its webhooks come as; others are refused with 415.
    var accepts: Set<MediaType> { get }
    /// Sees the raw body and every header. Throws a `VerificationError` naming the failed check.
    func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError)
    /// The answer to the provider's check of a new endpoint (`GET /webhooks/{provider}?...`), or
    /// nil when it makes none (the GET answers 404).
    func answerChallenge(query: [String: String]) throws(VerificationError) -> String?
    /// The events one verified request carries (usually one), each with its dedup key; the id may
    /// come from a header. Throws `PayloadError` when there is none to read.
    func envelopes(body: [UInt8], headers: WebhookHeaders) throws -> [EventEnvelope]
    /// The actions and facts for one stored event under the mapping rules. Pure.
    func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping

    /// Where the provider's API is, for providers whose webhooks only name objects; nil for the others.
    var api: ProviderAPIAccess? { get }
    /// True when the provider counts an event as delivered only if the answer lists its id
    /// (FastSpring: the ids taken, one per line, in a plain-text body).
    var acknowledgesEventIDs: Bool { get }
    /// The API documents (paths under `api`) that mapping this event needs, given those fetched
    /// so far in `event.fetched`: asked again after each fetch, until it asks for nothing new.
    /// Pure; the service fetches.
    func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String]
}

extension Provider {
    public var api: ProviderAPIAccess? { nil }
    public var acknowledgesEventIDs: Bool { false }
    public func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] { [] }
}

/// How to call a provider's API: its base URL and the headers that authenticate and version a GET.
public struct ProviderAPIAccess: Sendable {
    /// "Recurly API", for errors and logs.
    public var name: String
    public var baseURL: String
    public var headers: [String: String]
    /// True when its documents only add to a mapping (Lemon Squeezy's plan and MRR): a document
    /// the API refuses for good (a 4xx other than 408 and 429) is then done without, not waited
    /// for. Required documents (Recurly's) are waited for whatever the API answers.
    public var optional: Bool

    public init(name: String, baseURL: String, headers: [String: String], optional: Bool = false) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.headers = headers
        self.optional = optional
    }
}

/// A stored event as a provider maps it: its own bytes, the request's headers, and the API
/// documents fetched for it (by path), for providers whose webhooks only name objects.
public struct ProviderEvent: Sendable {
    public var body: [UInt8]
    public var headers: WebhookHeaders
    public var fetched: [String: [UInt8]]
    /// Optional documents the API refused for good, by path, with its answer: mapped without.
    public var unavailable: [String: String]

    public init(
        body: [UInt8], headers: WebhookHeaders = WebhookHeaders(), fetched: [String: [UInt8]] = [:],
        unavailable: [String: String] = [:]
    ) {
        self.body = body
        self.headers = headers
        self.fetched = fetched
        self.unavailable = unavailable
    }
}

/// The body types providers send.
public enum MediaType: String, Sendable, Hashable, CustomStringConvertible {
    case json, form, xml

    /// From a Content-Type header value, or nil for a type no provider sends.
    public init?(contentType: String) {
        // Bytes, not Foundation's trimming and lowercasing: this runs for every webhook. HTTP's
        // whitespace around a value is spaces and tabs.
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let head = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }.drop(while: isBlank)
        let end = head.lastIndex { !isBlank($0) }.map(head.index(after:)) ?? head.startIndex
        let type = String(decoding: head[..<end].map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        switch type {
        case "application/json": self = .json
        case _ where type.hasSuffix("+json"): self = .json
        case "application/x-www-form-urlencoded": self = .form
        case "application/xml", "text/xml": self = .xml
        case _ where type.hasSuffix("+xml"): self = .xml
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .json: "application/json"
        case .form: "application/x-www-form-urlencoded"
        case .xml: "application/xml"
        }
    }
}
