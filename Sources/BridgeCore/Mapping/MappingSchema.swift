/// What a provider's mapping file may say: the event types its mapper can turn into each call,
/// the amount bases it knows, and the defaults for what the file leaves out.
public struct MappingSchema: Sendable {
    public var supportedEvents: [ActionKind: [String]]
    public var amountBases: [String]
    public var defaults: MappingRules

    public init(supportedEvents: [ActionKind: [String]], amountBases: [String], defaults: MappingRules) {
        self.supportedEvents = supportedEvents
        self.amountBases = amountBases
        self.defaults = defaults
    }
}
