/// What a provider's mapping file may say: the event types its mapper can turn into each call,
/// the amount bases it knows, and the defaults for what the file leaves out.
public struct MappingSchema: Sendable {
    public var supportedEvents: [ActionKind: [String]]
    public var amountBases: [String]
    public var defaults: MappingRules
    /// Top-level keys of the file that are not rules: a declared provider's own sections.
    public var otherKeys: [String] = []

    /// The provider's amount bases are its `Choice` enum's cases; `defaults` names one of them.
    public init<Choice: AmountBasisChoice>(supportedEvents: [ActionKind: [String]], amountBasis: Choice.Type, defaults: MappingRules) {
        self.supportedEvents = supportedEvents
        self.amountBases = Choice.allCases.map(\.rawValue)
        self.defaults = defaults
    }
}

extension MappingSchema {
    /// One of this provider's amount bases by its name in a mapping file; any other name is an
    /// error naming the choices.
    public func amountBasis(named name: String) throws -> AmountBasis {
        guard amountBases.contains(name) else { throw AmountBasisMismatch(name: name, choices: amountBases) }
        return AmountBasis(checkedName: name)
    }
}
