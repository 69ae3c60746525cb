import BridgeCore

/// A configured provider: the instance built from its credentials, and its mapping rules.
public struct MountedProvider: Sendable {
    public var provider: any Provider
    public var rules: MappingRules

    public init(provider: any Provider, rules: MappingRules) {
        self.provider = provider
        self.rules = rules
    }
}
