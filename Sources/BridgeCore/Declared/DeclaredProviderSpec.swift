/// A provider declared in `mappings/custom/{name}.yaml`, as the file says it: how it is checked,
/// how its events are read, and what each call is made of. Built by `DeclaredProviderFile`.
public struct DeclaredProviderSpec: Sendable {
    /// An event id rule: a value (usually a template), for the event types it names (all when empty;
    /// `refund.*` names a prefix).
    public struct IDRule: Sendable, Equatable {
        public var types: [String]
        public var value: DeclaredValue

        public func applies(to type: String) -> Bool {
            types.isEmpty || types.contains { $0.hasSuffix("*") ? type.hasPrefix($0.dropLast()) : type == $0 }
        }
    }

    public var id: ProviderID
    /// The file it came from, for logs and errors.
    public var file: String
    /// Declared in `mappings/custom/`, or a Standard Webhooks endpoint in `mappings/standard/`.
    public var kind: DeclaredProviderFile.Kind = .custom
    public var body: MediaType
    public var verification: DeclaredVerification
    public var eventType: DeclaredValue
    /// Tried in order: the first that applies to the event's type and is present is its dedup key.
    public var eventID: [IDRule]
    public var eventTime: DeclaredValue?
    /// A batch: the top-level member holding the list of events, each stored on its own.
    public var batch: String?
    /// Any of these holding makes an event a test-mode one (`test_mode` in the file decides).
    public var testWhen: [DeclaredCondition]
    /// Per call, its tables: one for every routed type, or one per group of types.
    public var actions: [ActionKind: [DeclaredAction]]
    /// The file's rules (events, amount.zero, test_mode, referral, holds, plans).
    public var rules: MappingRules
}
