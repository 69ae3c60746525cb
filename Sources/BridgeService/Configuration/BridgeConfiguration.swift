import BridgeCore
import Configuration
import Foundation
import Logging

/// Everything the service reads from its environment, read once at start and checked.
public struct BridgeConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    /// A connection that sends nothing this long is closed.
    public var idleTimeoutSeconds: Int
    /// A webhook body must arrive whole within this; a slower one is answered 408.
    public var bodyTimeoutSeconds: Int
    /// Bytes of bodies not yet verified, held at once by every peer together (past it: 503) and
    /// by one peer (past it: 429).
    public var unverifiedBytes: Int
    public var unverifiedBytesPerPeer: Int
    /// After SIGTERM, in-flight work has this long; then it is cancelled (a call cut off is safe to
    /// resend: FirstPromoter dedups on event_id).
    public var shutdownSeconds: Int
    /// Settled events older than this many days are pruned (`RetentionRule`); 0 keeps everything.
    public var retentionDays: Int
    /// How often the service reconciles (`BRIDGE_RECONCILE_EVERY`); nil: never.
    public var reconcileEvery: Duration?
    public var databaseURL: String
    public var mappingsDirectory: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// nil: the admin API and console are off (404).
    public var adminToken: String?
    /// nil: `/metrics` is open (bind it to a private network, or set the token).
    public var metricsToken: String?
    public var firstPromoter: FirstPromoterSettings
    public var forwarding: ForwardingSettings
    /// Every provider known here: the built-in ones, then those declared in `mappings/custom/`.
    public var definitions: [ProviderDefinition]
    /// Providers with a secret: those are mounted; the others answer 404.
    public var providers: [ProviderSettings]
    /// What is set for every provider, mounted or not (`map` uses an API key without a secret).
    public var credentials: [ProviderID: ProviderCredentials]

    public struct FirstPromoterSettings: Sendable {
        /// nil: dry run. Deliveries are mapped and logged, not sent.
        public var apiKey: String?
        public var baseURL: String
        public var timeoutSeconds: Int
        public var version: FirstPromoterAPIVersion
        /// v2's `Account-ID`.
        public var accountID: String?
    }

    public struct ForwardingSettings: Sendable {
        public var retries: RetrySchedule
        public var requestsPerMinute: Int
        /// Forwarder workers in this process.
        public var workers: Int
        /// How long a worker's claim on a delivery holds: past the call's timeout, so that a live
        /// worker never loses it mid-call; a dead worker's claim is taken over after it.
        public var claimLease: Duration
    }

    public struct ProviderSettings: Sendable {
        public var definition: ProviderDefinition
        public var credentials: ProviderCredentials
    }

    public static let host = Setting(["bridge", "host"], default: "0.0.0.0", "address to listen on")
    public static let port = Setting(["bridge", "port"], default: "8080", "port to listen on (0: any free port)")
    public static let maxBodyBytes = Setting(
        ["bridge", "maxBodyBytes"], default: "1048576", "largest webhook body accepted; larger ones get 413")
    public static let idleTimeoutSeconds = Setting(
        ["bridge", "idleTimeoutSeconds"], default: "30", "a connection that sends nothing for this long is closed")
    public static let bodyTimeoutSeconds = Setting(
        ["bridge", "bodyTimeoutSeconds"], default: "15", "time allowed to receive a webhook's whole body; slower gets 408")
    public static let unverifiedBytes = Setting(
        ["bridge", "unverifiedBytes"], default: "67108864",
        "bytes of webhook bodies not yet verified held at once, by every sender together; past it, 503")
    public static let unverifiedBytesPerPeer = Setting(
        ["bridge", "unverifiedBytesPerPeer"], default: "8388608",
        "the same, by one IP address (behind a proxy: the proxy's); past it, 429")
    public static let shutdownSeconds = Setting(
        ["bridge", "shutdownSeconds"], default: "8",
        "after SIGTERM, time for in-flight work before it is cancelled (under Docker's 10 s)")
    public static let retentionDays = Setting(
        ["bridge", "retentionDays"], default: "\(RetentionRule.defaultDays)",
        "days a settled event (mapped, its calls delivered or none made) is kept, with its calls and attempts; 0: forever. Dead letters, dry runs, failed and waiting events are kept until replayed or dropped by hand")
    public static let databaseURL = Setting(
        ["bridge", "databaseUrl"], default: "sqlite://data/bridge.sqlite", secret: true,
        "the store: sqlite://PATH (relative to the working folder; its folder is made if missing), or postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=prefer&pool_size=10 for several replicas")
    public static let mappingsDirectory = Setting(
        ["bridge", "mappingsDir"], default: "mappings",
        "folder of the mapping files ({provider}.yaml); each mounted provider needs its file; `builtin`: the built-in defaults, no files")
    public static let logLevel = Setting(
        ["bridge", "logLevel"], default: "info", "trace, debug, info, notice, warning, error or critical")
    public static let logFormat = Setting(
        ["bridge", "logFormat"], default: "logfmt",
        "logfmt (key=value, values quoted and escaped) or json (one object a line); customer emails are masked in both")
    public static let adminToken = Setting(
        ["bridge", "adminToken"], secret: true,
        "bearer token of the admin API and console, 16 characters or more (e.g. `openssl rand -hex 32`); unset: both are off (404)")
    public static let metricsToken = Setting(
        ["bridge", "metricsToken"], secret: true, "bearer token that /metrics asks for; unset: /metrics is open")
    public static let apiKey = Setting(
        ["firstpromoter", "apiKey"], secret: true,
        "FirstPromoter v1 API key (X-API-KEY); unset: dry run, calls are logged and marked dry_run, not sent")
    public static let baseURL = Setting(
        ["firstpromoter", "baseUrl"], "FirstPromoter's API origin; unset: https://firstpromoter.com (v1), https://api.firstpromoter.com (v2)")
    public static let apiVersion = Setting(
        ["firstpromoter", "apiVersion"], default: "1", "1: v1 tracking API (form, X-API-KEY); 2: v2 (JSON, bearer key and Account-ID)")
    public static let accountID = Setting(
        ["firstpromoter", "accountId"], "FirstPromoter account id, sent as Account-ID; needed with FIRSTPROMOTER_API_VERSION=2")
    public static let timeoutSeconds = Setting(
        ["firstpromoter", "timeoutSeconds"], default: "30", "time allowed for one FirstPromoter call")
    public static let retrySchedule = Setting(
        ["bridge", "retrySchedule"], default: RetrySchedule.defaultSchedule,
        "delays between attempts after a transient failure, comma-separated; the last repeats")
    public static let retryGiveUpAfter = Setting(
        ["bridge", "retryGiveUpAfter"], default: RetrySchedule.defaultGiveUpAfter,
        "no retry is scheduled later than this after a delivery was queued: it becomes a dead letter")
    public static let workers = Setting(
        ["bridge", "workers"], default: "4",
        "mapper and forwarder workers each, so that one slow call or lookup does not hold up the others (more forwarders when the rate limit needs them)")
    public static let reconcileEvery = Setting(
        ["bridge", "reconcileEvery"],
        "how often to reconcile every provider whose API key is set over the last 3 days, importing missed webhooks (6h; unset: never)")
    public static let rateLimit = Setting(
        ["firstpromoter", "rateLimit"], default: "360",
        "most calls a minute to FirstPromoter (its limit is 400 a minute per account)")

    public static let standardWebhooksEndpoints = Setting(
        ["standard", "webhooks", "endpoints"],
        "Standard Webhooks senders, comma-separated names: each (acme) is served at /webhooks/standard/acme, checked with ACME_WEBHOOK_SECRET, mapped by mappings/standard/acme.yaml")

    public static let settings: [Setting] = [
        host, port, maxBodyBytes, idleTimeoutSeconds, bodyTimeoutSeconds, unverifiedBytes, unverifiedBytesPerPeer, shutdownSeconds, retentionDays, databaseURL, mappingsDirectory, logLevel, logFormat, adminToken, metricsToken, apiKey, baseURL, apiVersion, accountID, timeoutSeconds,
        retrySchedule, retryGiveUpAfter, rateLimit, workers, reconcileEvery, standardWebhooksEndpoints,
    ]

    /// A provider's variables, named by `ProviderID.variable`, as `check-config` and the README list them.
    public static func settings(for provider: ProviderDefinition) -> [Setting] {
        provider.credentials.map { setting(for: $0, of: provider) }
    }

    static func setting(for credential: Credential, of provider: ProviderDefinition) -> Setting {
        var defaultValue: String?
        if case .seconds(let seconds) = credential.kind { defaultValue = String(seconds) }
        return Setting(
            variable: provider.id.variable(credential.name), default: defaultValue, secret: credential.isSecret,
            credential.meaning)
    }

    public init(reader: ConfigReader) throws(ConfigurationError) {
        host = Self.host.value(in: reader) ?? "0.0.0.0"
        port = try Self.port.int(in: reader, range: 0...65_535)
        maxBodyBytes = try Self.maxBodyBytes.int(in: reader, range: 1...(64 << 20))
        idleTimeoutSeconds = try Self.idleTimeoutSeconds.int(in: reader, range: 1...3600)
        bodyTimeoutSeconds = try Self.bodyTimeoutSeconds.int(in: reader, range: 1...3600)
        unverifiedBytes = try Self.unverifiedBytes.int(in: reader, range: maxBodyBytes...(1 << 40))
        unverifiedBytesPerPeer = try Self.unverifiedBytesPerPeer.int(in: reader, range: maxBodyBytes...unverifiedBytes)
        shutdownSeconds = try Self.shutdownSeconds.int(in: reader, range: 1...300)
        retentionDays = try Self.retentionDays.int(in: reader, range: 0...36_500)
        if let every = Self.reconcileEvery.value(in: reader) {
            let milliseconds: Int
            do {
                milliseconds = try RetrySchedule.milliseconds(every)
            } catch {
                throw ConfigurationError(variable: Self.reconcileEvery.variable, problem: error.description)
            }
            guard milliseconds >= 60_000 else {
                throw ConfigurationError(variable: Self.reconcileEvery.variable, problem: "'\(every)' is under a minute")
            }
            reconcileEvery = .milliseconds(milliseconds)
        }
        databaseURL = Self.databaseURL.value(in: reader)!
        _ = try DatabaseLocation(url: databaseURL)
        mappingsDirectory = Self.mappingsDirectory.value(in: reader)!
        let level = Self.logLevel.value(in: reader)!
        guard let logLevel = Logger.Level(rawValue: level) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: Self.logLevel.variable, problem: "'\(level)' is not one of \(levels)")
        }
        self.logLevel = logLevel
        let format = Self.logFormat.value(in: reader)!
        guard let logFormat = LogFormat(rawValue: format) else {
            throw ConfigurationError(variable: Self.logFormat.variable, problem: "'\(format)' is not logfmt or json")
        }
        self.logFormat = logFormat
        adminToken = Self.adminToken.value(in: reader)
        metricsToken = Self.metricsToken.value(in: reader)
        if let token = adminToken, token.count < 16 {
            throw ConfigurationError(
                variable: Self.adminToken.variable, problem: "is \(token.count) characters; use 16 or more (e.g. `openssl rand -hex 32`)")
        }
        guard let version = FirstPromoterAPIVersion(rawValue: try Self.apiVersion.int(in: reader, range: 1...2)) else {
            throw ConfigurationError(variable: Self.apiVersion.variable, problem: "not 1 or 2")
        }
        let accountID = Self.accountID.value(in: reader)
        if version == .v2, Self.apiKey.value(in: reader) != nil, accountID == nil {
            throw ConfigurationError(variable: Self.accountID.variable, problem: "FirstPromoter's v2 API needs the account id")
        }
        let base = Self.baseURL.value(in: reader) ?? version.defaultBaseURL
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ConfigurationError(variable: Self.baseURL.variable, problem: "'\(base)' is not an http(s) URL")
        }
        firstPromoter = FirstPromoterSettings(
            apiKey: Self.apiKey.value(in: reader),
            baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
            timeoutSeconds: try Self.timeoutSeconds.int(in: reader, range: 1...600), version: version, accountID: accountID)
        let retries: RetrySchedule
        do {
            retries = try RetrySchedule(
                schedule: Self.retrySchedule.value(in: reader)!, giveUpAfter: Self.retryGiveUpAfter.value(in: reader)!)
        } catch {
            throw ConfigurationError(variable: "\(Self.retrySchedule.variable) / \(Self.retryGiveUpAfter.variable)", problem: error.description)
        }
        forwarding = ForwardingSettings(
            retries: retries, requestsPerMinute: try Self.rateLimit.int(in: reader, range: 1...100_000),
            workers: try Self.workers.int(in: reader, range: 1...64),
            claimLease: .seconds(firstPromoter.timeoutSeconds + 5))
        do {
            definitions = ProviderRegistry.all + (try DeclaredProviderLoader.load(from: mappingsDirectory))
        } catch {
            throw ConfigurationError(variable: Self.mappingsDirectory.variable, problem: error.description)
        }
        let endpoints = (Self.standardWebhooksEndpoints.value(in: reader) ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            definitions += try DeclaredProviderLoader.loadStandard(endpoints, from: mappingsDirectory, taken: definitions.map(\.id))
        } catch {
            throw ConfigurationError(variable: Self.standardWebhooksEndpoints.variable, problem: error.description)
        }
        providers = []
        credentials = [:]
        for definition in definitions {
            var credentials = ProviderCredentials()
            for credential in definition.credentials {
                let setting = Self.setting(for: credential, of: definition)
                switch credential.kind {
                case .seconds:
                    credentials.seconds[credential.name] = try setting.int(in: reader, range: 0...31_536_000)
                case .secretList:
                    let list = (setting.value(in: reader) ?? "").split(separator: ",")
                        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                    if !list.isEmpty { credentials.values[credential.name] = list }
                case .secret, .value:
                    if let value = setting.value(in: reader) { credentials.values[credential.name] = [value] }
                case .url:
                    guard let value = setting.value(in: reader) else { break }
                    guard let url = URL(string: value), ["http", "https"].contains(url.scheme), url.host != nil else {
                        throw ConfigurationError(variable: setting.variable, problem: "'\(value)' is not an http(s) URL")
                    }
                    credentials.values[credential.name] = [value]
                case .currency:
                    guard let value = setting.value(in: reader) else { break }
                    guard let code = CurrencyCode.normalized(value) else {
                        throw ConfigurationError(variable: setting.variable, problem: "'\(value)' is not an ISO 4217 currency code")
                    }
                    credentials.values[credential.name] = [code]
                }
            }
            self.credentials[definition.id] = credentials
            // Mounted only with every credential it needs; otherwise its URL answers 404.
            guard definition.isMounted(with: credentials) else { continue }
            providers.append(ProviderSettings(definition: definition, credentials: credentials))
        }
    }

    /// From a dictionary of environment variables (tests, and the process environment in main).
    public init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(reader: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)))
    }

    /// The store `BRIDGE_DATABASE_URL` names.
    public func database() throws(ConfigurationError) -> DatabaseLocation {
        try DatabaseLocation(url: databaseURL)
    }
}

extension BridgeConfiguration {
    /// A provider by name, built-in or declared.
    public func definition(for id: ProviderID) -> ProviderDefinition? {
        definitions.first { $0.id == id }
    }
}
