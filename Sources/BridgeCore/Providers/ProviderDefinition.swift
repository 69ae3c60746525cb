/// Everything the service needs to mount one provider: its mapper, how to build its verifier
/// from configuration, and its configuration names.
public struct ProviderDefinition: Sendable {
    public var id: ProviderID
    public var mapper: any ProviderMapper
    public var schema: MappingSchema
    public var defaultToleranceSeconds: Int
    public var makeVerifier: @Sendable (_ secrets: [String], _ toleranceSeconds: Int) -> any WebhookVerifier

    public init<Mapper: ProviderMapper>(
        mapper: Mapper, defaultToleranceSeconds: Int,
        makeVerifier: @escaping @Sendable (_ secrets: [String], _ toleranceSeconds: Int) -> any WebhookVerifier
    ) {
        self.id = Mapper.provider
        self.mapper = mapper
        self.schema = Mapper.schema
        self.defaultToleranceSeconds = defaultToleranceSeconds
        self.makeVerifier = makeVerifier
    }

    /// `STRIPE_WEBHOOK_SECRET`: a comma-separated list, so secrets can rotate.
    public var secretVariable: String { "\(id.environmentPrefix)_WEBHOOK_SECRET" }
    /// `STRIPE_TOLERANCE_SECONDS`.
    public var toleranceVariable: String { "\(id.environmentPrefix)_TOLERANCE_SECONDS" }
    /// `stripe.yaml`, read from the mappings folder.
    public var mappingFileName: String { "\(id.rawValue).yaml" }
}
