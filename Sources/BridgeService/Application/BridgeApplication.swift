import AsyncHTTPClient
import BridgeCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// The composition root: store, providers, receiver, mapper and forwarder, wired once for
/// `serve` and for the tests alike.
public enum BridgeApplication {
    /// Mounts the providers that have a secret, loading their mapping files.
    public static func mountProviders(_ configuration: BridgeConfiguration) throws -> [ProviderID: MountedProvider] {
        var mounted: [ProviderID: MountedProvider] = [:]
        for settings in configuration.providers {
            let definition = settings.definition
            let loaded = try MappingRulesLoader.load(definition, from: configuration.mappingsDirectory)
            mounted[definition.id] = MountedProvider(
                provider: definition.make(settings.credentials), rules: loaded.rules, rulesSource: loaded.source,
                urlPath: definition.urlPath)
        }
        return mounted
    }

    /// The service's store: created when missing, migrated (once, however many replicas start
    /// together), then run beside the other services. Refuses to start on a store it cannot write,
    /// rather than answer 503 until restarted.
    public static func openStore(_ configuration: BridgeConfiguration, logger: Logger) async throws -> any BridgeStore {
        let store: any BridgeStore
        switch try configuration.database() {
        case .sqlite(let path):
            var sqlite = try SQLiteBridgeStore(opening: path, create: true)
            // Room for the largest webhook in the database and again in its write-ahead log.
            sqlite.reserveBytes = max(2 * Int64(configuration.maxBodyBytes), 1 << 20)
            store = sqlite
        case .postgres(let location):
            store = try PostgresBridgeStore(location, logger: logger)
        }
        do {
            let applied = try await store.migrate()
            if !applied.isEmpty { logger.notice("store migrated", metadata: ["applied": "\(applied.joined(separator: ","))"]) }
            try await store.proveWritable()
        } catch {
            do { try await store.close() } catch { logger.warning("could not close the store", metadata: ["error": "\(error)"]) }
            throw error
        }
        return store
    }

    /// The store for an operator's command: it must exist already (a command never creates an
    /// empty one), and is brought to this build's schema.
    public static func openExistingStore(_ configuration: BridgeConfiguration, logger: Logger = Logger(label: "billing-bridge"))
        async throws -> any BridgeStore
    {
        let store: any BridgeStore
        switch try configuration.database() {
        case .sqlite(let path): store = try SQLiteBridgeStore(opening: path, create: false)
        case .postgres(let location): store = try PostgresBridgeStore(location, logger: logger)
        }
        _ = try await store.migrate()
        return store
    }

    public static func build(
        configuration: BridgeConfiguration, logger: Logger, api: (any FirstPromoterAPI)? = nil,
        fetcher: any ProviderAPIFetcher = ProviderAPIClient()
    ) async throws -> some ApplicationProtocol {
        let providers = try mountProviders(configuration)
        let store = try await openStore(configuration, logger: logger)
        for definition in configuration.definitions {
            if providers[definition.id] != nil {
                let source = providers[definition.id]?.rulesSource ?? ""
                logger.log(
                    level: source == "built-in defaults" ? .notice : .info, definition.declared ? "declared provider mounted" : "provider mounted",
                    metadata: ["provider": "\(definition.id)", "url": "/webhooks/\(definition.urlPath)", "mapping": "\(source)"])
            } else {
                let needed = definition.mountingRequirement
                // "STRIPE_WEBHOOK_SECRET is set", "A and B are set", "A and B, or C and D are set".
                let verb = definition.mountAlternatives.contains { $0.count > 1 } ? "are" : "is"
                logger.notice("provider not mounted: /webhooks/\(definition.urlPath) answers 404 until \(needed) \(verb) set")
            }
        }
        let firstPromoter = configuration.firstPromoter
        let api: (any FirstPromoterAPI)? =
            api
            ?? firstPromoter.apiKey.map {
                FirstPromoterClient(
                    baseURL: firstPromoter.baseURL, apiKey: $0, version: firstPromoter.version, accountID: firstPromoter.accountID,
                    timeoutSeconds: firstPromoter.timeoutSeconds)
            }
        if api == nil {
            logger.notice("FIRSTPROMOTER_API_KEY is not set: dry run, calls are logged and marked dry_run, not sent")
        }
        let metrics = BridgeMetrics()
        let inbox = Doorbell()
        let outbox = Doorbell()
        let router = Router(context: BridgeRequestContext.self)
        HealthController(store: store).addRoutes(to: router)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let receiverLoad = ReceiverLoad(busyAbove: cores)
        WebhookController(
            store: store, providers: providers, maxBodyBytes: configuration.maxBodyBytes,
            bodyTimeout: .seconds(configuration.bodyTimeoutSeconds), inbox: inbox, metrics: metrics, load: receiverLoad,
            budget: UnverifiedBytesBudget(totalLimit: configuration.unverifiedBytes, perPeerLimit: configuration.unverifiedBytesPerPeer)
        ).addRoutes(to: router)
        MetricsController(metrics: metrics, store: store, token: configuration.metricsToken.map { SecretMatcher(Array($0.utf8)) })
            .addRoutes(to: router)
        var mapper = EventMapperService(
            store: store, providers: providers, inbox: inbox, outbox: outbox, fetcher: fetcher, logger: logger)
        mapper.workers = configuration.forwarding.workers
        let mapping = WorkSlots.forMapping(workers: mapper.workers, cores: cores)
        mapper.slots = WorkSlots(mapping)
        mapper.receiverLoad = receiverLoad
        logger.info(
            "workers", metadata: ["mappers": "\(mapper.workers)", "mapping.at.once": "\(mapping)", "cores": "\(cores)",
                                  "forwarders": "\(ForwarderService.workers(configured: configuration.forwarding.workers, requestsPerMinute: configuration.forwarding.requestsPerMinute))"])
        var forwarder = ForwarderService(
            store: store, api: api, settings: configuration.forwarding, outbox: outbox, logger: logger)
        forwarder.version = firstPromoter.version
        forwarder.baseURL = firstPromoter.baseURL
        forwarder.metrics = metrics
        // Every mounted provider whose API can list past events and whose key is set.
        let reconciled = configuration.definitions.compactMap { definition -> ReconcileService.Target? in
            guard let mounted = providers[definition.id],
                let listing = definition.listing?(configuration.credentials[definition.id] ?? ProviderCredentials())
            else { return nil }
            return ReconcileService.Target(provider: mounted.provider, listing: listing, rules: mounted.rules)
        }
        // A service that returns ends the application: these are added only with work to do
        // (`BRIDGE_RETENTION_DAYS=0` keeps everything).
        let retention: [any Service] =
            configuration.retentionDays > 0 ? [RetentionService(store: store, days: configuration.retentionDays, logger: logger)] : []
        let requests = ReconcileRequests(providers: reconciled.map(\.provider.id))
        var reconcile: [any Service] = []
        if !reconciled.isEmpty {
            logger.info(
                "reconcile",
                metadata: [
                    "every": "\(configuration.reconcileEvery.map { "\($0)" } ?? "only when asked")",
                    "providers": "\(reconciled.map(\.provider.id.rawValue).joined(separator: ","))",
                ])
            reconcile = [
                ReconcileService(
                    targets: reconciled, store: store, metrics: metrics, logger: logger, every: configuration.reconcileEvery, requests: requests)
            ]
        } else if configuration.reconcileEvery != nil {
            logger.notice(
                "BRIDGE_RECONCILE_EVERY is set, but no mounted provider's API key is: nothing is reconciled",
                metadata: ["can.be.reconciled": "\(configuration.definitions.filter { $0.listing != nil }.map(\.id.rawValue).joined(separator: ","))"])
        }
        if let token = configuration.adminToken {
            AdminAPIController(operations: Operations(store: store), reconciles: requests)
                .addRoutes(to: router, token: SecretMatcher(Array(token.utf8)))
            try ConsoleController(operations: Operations(store: store), reconciles: requests, sessions: store, adminToken: token)
                .addRoutes(to: router)
            logger.info("admin API on /admin/api and console on /admin (BRIDGE_ADMIN_TOKEN is set)")
        }
        return Application(
            router: router,
            // Idle and stalled connections are closed, so they cannot pile up and use every file.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "BillingBridge"),
            // Shut down in reverse: the server, the forwarder, the mapper, and the store last.
            services: [
                store, WorkListener(store: store, inbox: inbox, outbox: outbox), mapper, forwarder,
            ] + retention + reconcile,
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: the server stops accepting, the
    /// forwarder finishes the call in flight; whatever still runs after `shutdownSeconds` is
    /// cancelled, so the process exits within Docker's 10 s.
    public static func run(_ app: some ApplicationProtocol & Service, shutdownSeconds: Int, logger: Logger) async throws {
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(shutdownSeconds)
        group.maximumCancellationDuration = .seconds(1)
        try await ServiceGroup(configuration: group).run()
    }
}
