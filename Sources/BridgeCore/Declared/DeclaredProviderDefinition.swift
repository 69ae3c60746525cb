/// A declared provider as the registry knows built-in ones: its credentials follow from how it is
/// checked (`{NAME}_WEBHOOK_SECRET`, or `_USERNAME` and `_PASSWORD`), its mapping file is
/// `custom/{name}.yaml`, and `send-test` signs a payload given to it.
extension DeclaredProviderSpec {
    public var definition: ProviderDefinition {
        var schema = DeclaredProviderFile.schema(supportedEvents: rules.events)
        schema.defaults = rules
        var definition = ProviderDefinition(
            id: id, schema: schema, credentials: verification.credentials(id), testWebhook: DeclaredTestWebhook.maker(for: self)
        ) { [self] credentials in
            DeclaredProvider(spec: self, credentials: credentials)
        }
        let folder = kind == .standardWebhooks ? "standard" : "custom"
        definition.mappingFileName = "\(folder)/\(id.rawValue).yaml"
        if kind == .standardWebhooks { definition.urlPath = "standard/\(id.rawValue)" }
        definition.declared = true
        return definition
    }
}
