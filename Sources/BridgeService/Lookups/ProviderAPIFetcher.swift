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
}
