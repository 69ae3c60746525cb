import BridgeCore

/// A configured provider: its definition, verifier and mapping rules, ready to serve.
public struct MountedProvider: Sendable {
    public var definition: ProviderDefinition
    public var verifier: any WebhookVerifier
    public var rules: MappingRules

    public init(definition: ProviderDefinition, verifier: any WebhookVerifier, rules: MappingRules) {
        self.definition = definition
        self.verifier = verifier
        self.rules = rules
    }
}
