/// The providers the bridge knows: the one place a provider is registered. Adding one is one
/// line here, plus its folder, mapping file and fixtures.
public enum ProviderRegistry {
    public static let all: [ProviderDefinition] = [
        StripeProvider.definition,
        PaddleProvider.definition,
        LemonSqueezyProvider.definition,
        ChargebeeProvider.definition,
        BraintreeProvider.definition,
        RecurlyProvider.definition,
        RazorpayProvider.definition,
        PaystackProvider.definition,
        PolarProvider.definition,
        PaddleClassicProvider.definition,
        FastSpringProvider.definition,
        MaxioProvider.definition,
    ]

    public static func definition(for id: ProviderID) -> ProviderDefinition? {
        all.first { $0.id == id }
    }
}
