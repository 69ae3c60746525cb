import BridgeCore

/// Fetches a document that a thin webhook only names (Recurly's JSON) from its provider's API.
/// Throws when no usable answer came; the mapper then holds the event and tries again.
public protocol ProviderAPIFetcher: Sendable {
    func fetch(_ path: String, from api: ProviderAPIAccess) async throws -> [UInt8]
}

/// A provider API's answer that is not the document.
public struct ProviderAPIError: Error, CustomStringConvertible {
    public var status: Int
    public var body: String
    public var description: String { "HTTP \(status)\(body.isEmpty ? "" : ": \(body)")" }

    /// An answer that asking again will not change: a 4xx other than 408 and 429.
    public var isDefinitive: Bool { (400..<500).contains(status) && status != 408 && status != 429 }
}

extension ProviderAPIFetcher {
    /// Fetches the API documents a provider asks for to map `event`, round by round (a refund
    /// names the payment it refunds, which names its invoice), into `event.fetched`. Returns what
    /// failed, to be tried again later, or nil when all came. An optional API's definitive refusal
    /// goes into `event.unavailable` instead, and the event is mapped without that document.
    /// Shared by the mapper and `map`.
    public func fetchLookups(into event: inout ProviderEvent, for provider: any Provider, rules: MappingRules) async throws -> String? {
        for _ in 0..<4 {
            let needed = try provider.lookups(for: event, rules: rules).filter {
                event.fetched[$0] == nil && event.unavailable[$0] == nil
            }
            guard let first = needed.first else { return nil }
            guard let api = provider.api else {
                throw PayloadError(
                    "mapping needs \(first) from \(provider.id)'s API, and \(provider.id.variable("API_KEY")) is not set")
            }
            for path in needed {
                do {
                    event.fetched[path] = try await fetch(path, from: api)
                } catch let refusal as ProviderAPIError where api.optional && refusal.isDefinitive {
                    event.unavailable[path] = "\(api.name) GET \(path) answered \(refusal)"
                } catch {
                    return "\(api.name) GET \(path) failed: \(error)"
                }
            }
        }
        throw PayloadError("\(provider.id)'s lookups asked for more documents after 4 rounds")
    }
}
