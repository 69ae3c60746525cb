/// The providers the bridge knows. Adding one is one line here, plus its folder, mapping file
/// and fixtures.
public enum ProviderRegistry {
    public static let all: [ProviderDefinition] = [
        ProviderDefinition(mapper: StripeMapper(), defaultToleranceSeconds: 300) {
            StripeVerifier(secrets: $0, toleranceSeconds: $1)
        }
    ]

    public static func definition(for id: ProviderID) -> ProviderDefinition? {
        all.first { $0.id == id }
    }
}
