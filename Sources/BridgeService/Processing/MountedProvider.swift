import BridgeCore

/// A configured provider: the instance built from its credentials, and its mapping rules.
public struct MountedProvider: Sendable {
    public var provider: any Provider
    public var rules: MappingRules
    /// The mapping file the rules came from, or "built-in defaults".
    public var rulesSource: String
    /// Where it is served under `/webhooks/`: its name, or `standard/{name}` for a Standard
    /// Webhooks endpoint.
    public var urlPath: String

    public init(provider: any Provider, rules: MappingRules, rulesSource: String = "built-in defaults", urlPath: String? = nil) {
        self.provider = provider
        self.rules = rules
        self.rulesSource = rulesSource
        self.urlPath = urlPath ?? provider.id.rawValue
    }
}
