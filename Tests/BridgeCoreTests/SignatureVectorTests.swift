import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Every provider's `Tests/Fixtures/{provider}/signature-vectors.json`, in one form: the provider
/// built from the vector's credentials, as the service builds it, verifying the body and headers
/// at `now`. Vectors are published by the providers or made with their SDKs (see each
/// `scripts/make-{provider}-fixtures.py`): valid, rotated secret, wrong secret, tampered body,
/// stale timestamp, malformed and missing credentials.
@Suite struct SignatureVectorTests {
    /// Every (provider, vector name) pair of the registry's providers.
    static let cases: [(String, String)] = ProviderRegistry.all.flatMap { definition in
        let provider = definition.id.rawValue
        // A file that does not read leaves no case here; everyProviderHasVectors names it.
        return ((try? SignatureVector.all(provider)) ?? []).map { (provider, $0.name) }
    }

    @Test(arguments: ProviderRegistry.all.map(\.id.rawValue))
    func everyProviderHasVectors(_ provider: String) throws {
        #expect(!(try SignatureVector.all(provider)).isEmpty, "\(provider) has no signature vectors")
    }

    @Test(arguments: cases)
    func vector(_ providerName: String, _ name: String) throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        let vector = try #require(try SignatureVector.all(providerName).first { $0.name == name })
        var credentials = ProviderCredentials()
        for (key, value) in vector.credentials {
            switch value {
            case .values(let list): credentials.values[key] = list
            case .seconds(let seconds): credentials.seconds[key] = seconds
            }
        }
        let provider = definition.make(credentials)
        let body = try vector.bodyBytes(providerName)
        do {
            try provider.verify(body: body, headers: WebhookHeaders(vector.headers), now: Date(timeIntervalSince1970: TimeInterval(vector.now)))
            #expect(vector.status == 200, "accepted")
        } catch {
            #expect(error.httpStatus == vector.status, "\(error)")
            if let fragment = vector.error { #expect(error.description.contains(fragment), "\(error)") }
            // The secrets it was given never show in what it says.
            for secret in vector.secretValues where secret.count >= 8 { #expect(!error.description.contains(secret)) }
        }
    }
}
