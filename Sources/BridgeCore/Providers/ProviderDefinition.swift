/// A compiled provider as the registry knows it: its name, what its mapping file may say, the
/// credentials it reads, and how to build it from them at start.
public struct ProviderDefinition: Sendable {
    public var id: ProviderID
    public var schema: MappingSchema
    public var credentials: [Credential]
    public var make: @Sendable (ProviderCredentials) -> any Provider
    /// Sets of credential names of which any one, all set, mounts the provider (Recurly: its JSON
    /// secret and API key, or its XML basic-auth pair). Default: every `requiredToMount` one.
    public var mountAlternatives: [[String]]
    /// A signed webhook of this provider's, for `send-test`; nil when the bridge cannot sign one
    /// (it holds only the public half of the provider's key pair).
    public var testWebhook: TestWebhook.Maker?
    /// True for a provider declared in a mapping file alone (`mappings/custom/`).
    public var declared = false
    /// Where it is served under `/webhooks/`: its name, or `standard/{name}` for a Standard
    /// Webhooks endpoint.
    public var urlPath: String
    /// How its API lists past events (`backfill`), given the credentials; nil when the key is
    /// not set. Unset for a provider whose listing is not built.
    public var listing: (@Sendable (ProviderCredentials) -> (any BackfillListing)?)?
    /// The credentials a listing needs, named when one is missing: its API key, or Braintree's
    /// merchant id and key pair.
    public var listingCredentials = ["API_KEY"]

    public init(
        id: ProviderID, schema: MappingSchema, credentials: [Credential], mountAlternatives: [[String]]? = nil,
        testWebhook: TestWebhook.Maker?, make: @escaping @Sendable (ProviderCredentials) -> any Provider
    ) {
        self.id = id
        self.schema = schema
        self.credentials = credentials
        self.mountAlternatives = mountAlternatives ?? [credentials.filter(\.requiredToMount).map(\.name)]
        self.testWebhook = testWebhook
        self.make = make
        mappingFileName = "\(id.rawValue).yaml"
        urlPath = id.rawValue
    }

    /// `stripe.yaml`, read from the mappings folder; `custom/acme.yaml` for a declared provider.
    public var mappingFileName: String

    /// True when one of the mount alternatives is wholly set.
    public func isMounted(with credentials: ProviderCredentials) -> Bool {
        mountAlternatives.contains { names in names.allSatisfy { credentials.values[$0] != nil } }
    }

    /// What must be set to mount it: "STRIPE_WEBHOOK_SECRET", "A and B, or C and D".
    public var mountingRequirement: String {
        mountAlternatives.map { $0.map { id.variable($0) }.joined(separator: " and ") }.joined(separator: ", or ")
    }
}

/// One value a provider reads from its environment: `{PROVIDER}_{name}`.
public struct Credential: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Comma-separated secrets, so that one can rotate (`WEBHOOK_SECRET`).
        case secretList
        /// One secret (an API key, a password).
        case secret
        /// One non-secret value (a username, a public key).
        case value
        /// Whole seconds from 0 to a year, with this default (`TOLERANCE_SECONDS`).
        case seconds(default: Int)
        /// An http(s) URL, checked at start; unset means the provider's own (`API_URL`).
        case url
        /// An ISO 4217 currency code, checked at start and kept upper-case (`MAXIO_CURRENCY`).
        case currency
    }

    public var name: String
    public var kind: Kind
    public var meaning: String
    public var requiredToMount: Bool

    public init(_ name: String, _ kind: Kind, requiredToMount: Bool = false, _ meaning: String) {
        self.name = name
        self.kind = kind
        self.meaning = meaning
        self.requiredToMount = requiredToMount
    }

    public var isSecret: Bool { kind == .secretList || kind == .secret }

    /// The signing secrets, comma-separated during a rotation.
    public static func webhookSecrets(_ provider: ProviderID) -> Credential {
        Credential(
            "WEBHOOK_SECRET", .secretList, requiredToMount: true,
            "\(provider) signing secret(s), comma-separated during a rotation; unset: /webhooks/\(provider) answers 404")
    }

    public static func tolerance(_ provider: ProviderID, defaultSeconds: Int) -> Credential {
        Credential(
            "TOLERANCE_SECONDS", .seconds(default: defaultSeconds),
            "oldest \(provider) signature timestamp accepted, in seconds (0: no check)")
    }
}

/// A provider's credentials as read and checked at start, by name.
public struct ProviderCredentials: Sendable {
    public var values: [String: [String]]
    public var seconds: [String: Int]

    public init(values: [String: [String]] = [:], seconds: [String: Int] = [:]) {
        self.values = values
        self.seconds = seconds
    }

    /// Every value of a list credential, or the one value of another (empty when unset).
    public func list(_ name: String) -> [String] { values[name] ?? [] }
    public func value(_ name: String) -> String? { values[name]?.first }
    public func seconds(_ name: String, default fallback: Int) -> Int { seconds[name] ?? fallback }
}
