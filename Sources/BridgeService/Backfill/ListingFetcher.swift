import BridgeCore

/// Gets one page of a provider's listing: `ProviderAPIClient` in the service, a fake API's
/// client in tests (which also use the real one against a fake server on loopback).
public protocol ListingFetcher: Sendable {
    func get(_ path: String, from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer
    /// A search API's page (Braintree's): `body` POSTed to `path`.
    func post(_ path: String, body: [UInt8], from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer
}

extension ListingFetcher {
    /// The page `request` asks for: POSTed when it has a body.
    func answer(_ request: ListingRequest, from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer {
        guard let body = request.body else { return try await get(request.path, from: api) }
        return try await post(request.path, body: body, from: api)
    }
}

extension ProviderAPIClient: ListingFetcher {}
