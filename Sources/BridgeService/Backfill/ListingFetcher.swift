import BridgeCore

/// Gets one page of a provider's listing: `ProviderAPIClient` in the service, a fake API's
/// client in tests (which also use the real one against a fake server on loopback).
public protocol ListingFetcher: Sendable {
    func get(_ path: String, from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer
}

extension ProviderAPIClient: ListingFetcher {}
