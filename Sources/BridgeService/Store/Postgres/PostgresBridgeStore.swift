import BridgeCore
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// The store on a PostgreSQL database, for several replicas: commits are synchronous (a 200
/// follows a durable commit), dedup is by unique keys, claims skip rows another replica holds
/// and lease on the database's clock, and replicas wake each other with NOTIFY.
public struct PostgresBridgeStore: BridgeStore {
    let client: PostgresClient
    let location: PostgresLocation
    let logger: Logger
    let inbox: GroupCommit<IncomingEvent, ReceiveResult>
    let mappings: GroupCommit<MappingCommit, Result<Void, any Error>>
    /// Memory reads of the mapper's workers, asked together by one statement (`PostgresMemory`).
    let memoryReads: GroupCommit<PostgresMemory.Slot, String?>
    /// Runs the connection pool: it leases connections only while this runs.
    private let running: Task<Void, Never>
    /// How long a statement may wait for a connection and run, before the caller gets an error
    /// (a webhook then a 503): no request hangs on a slow or exhausted database.
    var deadline: Duration = Self.statementDeadline
    /// Within Paddle's 5 s for an answer: past it, the webhook is answered 503 and sent again.
    static let statementDeadline: Duration = .seconds(5)
    /// A load balancer's health check waits little: an unreachable database is said at once.
    static let readinessDeadline: Duration = .seconds(2)

    /// Starts the pool; nothing is read or written until `migrate()`.
    public init(_ location: PostgresLocation, logger: Logger) throws {
        self.location = location
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try Self.tls(for: location))
        configuration.options.maximumConnections = location.poolSize
        configuration.options.connectTimeout = .seconds(5)
        // Managed databases allow few connections: an idle one is given back soon.
        configuration.options.connectionIdleTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = Self.startupParameters(location)
        if location.sslMode == .verifyFull { configuration.options.tlsServerName = location.host }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        let server = location.server
        let commitLogger = logger
        // A webhook waits at most the deadline for its commit: then 503, and the provider sends it again.
        let deadline = Self.statementDeadline
        // One commit of each kind at a time: with three at once, this 2-core machine took fewer
        // webhooks a second (2,582 flat out against 3,387), and mapped no faster.
        inbox = GroupCommit { events in
            try await Self.run("commit \(events.count) webhooks", within: deadline, server: server) {
                try await Self.receive(events, client: client, logger: commitLogger, server: server)
            }
        }
        mappings = GroupCommit { batch in
            try await Self.run("commit \(batch.count) mappings", within: deadline, server: server) {
                try await Self.commit(batch, client: client, logger: commitLogger, server: server)
            }
        }
        // Reads, not commits: two may be on their way at once, so that a worker's read need not
        // wait for a whole batch's round trip before its own begins.
        memoryReads = GroupCommit(concurrency: 2) { slots in
            try await Self.run("read \(slots.count) memory entries", within: deadline, server: server) {
                try await PostgresMemory.read(slots, client: client, logger: commitLogger, server: server)
            }
        }
    }

    /// Every commit waits for its WAL flush, whatever the server's default: a 200 is a promise. A
    /// statement that runs longer than 30 s is cancelled by the server.
    static func startupParameters(_ location: PostgresLocation) -> [(String, String)] {
        var parameters = [("synchronous_commit", "on"), ("statement_timeout", "30000"), ("application_name", "billing-bridge")]
        if let schema = location.schema { parameters.append(("search_path", schema)) }
        return parameters
    }

    /// TLS as libpq's `sslmode` means it.
    enum TLSChoice {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    static func tlsChoice(for location: PostgresLocation) throws -> TLSChoice {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable:
            return .disable
        case .allow, .prefer, .require:
            // As libpq: encrypted, but the certificate is not checked.
            tls.certificateVerification = .none
            return location.sslMode == .require ? .require(tls) : .prefer(tls)
        case .verifyCA, .verifyFull:
            tls.certificateVerification = location.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
            if let file = location.sslRootCertificate {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw ConfigurationError(variable: DatabaseLocation.variable, problem: "sslrootcert \(file) cannot be read")
                }
                tls.trustRoots = .file(file)
            }
            return .require(tls)
        }
    }

    static func tls(for location: PostgresLocation) throws -> PostgresClient.Configuration.TLS {
        switch try tlsChoice(for: location) {
        case .disable: .disable
        case .prefer(let tls): .prefer(tls)
        case .require(let tls): .require(tls)
        }
    }

    /// LISTEN on a connection of its own (outside the pool, so that it never takes one from the
    /// work), made again after a failure, until cancelled.
    public func listenForWork(_ wake: @escaping @Sendable (WorkQueue) -> Void) async throws {
        while !Task.isCancelled {
            do {
                let connection = try await connect()
                let listened: Result<Void, any Error>
                do {
                    // Work may have been stored while this was not listening.
                    wake(.inbox)
                    wake(.outbox)
                    try await connection.listen(on: PostgresSQL.workChannel) { notifications in
                        for try await notification in notifications {
                            if let queue = WorkQueue(rawValue: notification.payload) { wake(queue) }
                        }
                    }
                    listened = .success(())
                } catch {
                    listened = .failure(error)
                }
                do {
                    try await connection.close()
                } catch {
                    // Already closed: the failure that ended the listening closed it.
                }
                try listened.get()
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "not listening for other replicas' work; polling meanwhile, listening again in 1 s",
                    metadata: ["error": "\(PostgresUnavailable(server: location.server, error))"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// A connection of its own, outside the pool.
    func connect() async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS =
            switch try Self.tlsChoice(for: location) {
            case .disable: .disable
            case .prefer(let tls): .prefer(try NIOSSLContext(configuration: tls))
            case .require(let tls): .require(try NIOSSLContext(configuration: tls))
            }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = Self.startupParameters(location)
        if location.sslMode == .verifyFull { configuration.options.tlsServerName = location.host }
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }

    /// One connection made and closed, outside the pool: the pool retries a failed connection
    /// quietly, so this is where a wrong host, password or database is told, at start.
    public func probe() async throws {
        try await run("connect") {
            let connection = try await connect()
            try await connection.close()
        }
    }

    // MARK: Lifecycle

    public func migrate() async throws -> [String] {
        try await probe()
        return try await run("migrate", within: .seconds(600)) { try await PostgresSchema.migrate(client, logger: logger) }
    }

    /// Nothing to do until the shutdown; then closes, after every service that writes stopped.
    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch is CancellationError {
            return
        }
        try await close()
    }

    public func close() async throws {
        await inbox.close()
        await mappings.close()
        await memoryReads.close()
        running.cancel()
        await running.value
    }

    public func proveWritable() async throws { try await checkWritable() }

    /// Ready means a synced write commits.
    public func checkWritable() async throws {
        try await transaction("a readiness write", within: Self.readinessDeadline) { connection in
            try await connection.query(
                """
                INSERT INTO health (id, checked_at) VALUES (1, \(unescaped: PostgresSQL.nowMillis))
                ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at
                """, logger: logger)
        }
    }

    /// `synchronous_commit` as in force on the store's connections.
    public func synchronousCommit() async throws -> String {
        try await run("read synchronous_commit") {
            let rows = try await client.query("SHOW synchronous_commit", logger: logger)
            for try await value in rows.decode(String.self) { return value }
            throw PostgresUnavailable(server: location.server, problem: "SHOW synchronous_commit answered nothing")
        }
    }

    /// Whether the store's connections are encrypted (as the server sees one of them).
    public func usesTLS() async throws -> Bool {
        let (client, logger) = (client, logger)
        return try await run("read the connection's TLS") {
            let rows = try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger)
            for try await ssl in rows.decode(Bool.self) { return ssl }
            throw PostgresUnavailable(server: location.server, problem: "pg_stat_ssl has no row for this connection")
        }
    }

    // MARK: Running statements

    /// Runs `body` within the deadline; any database error comes out naming the server.
    func run<T: Sendable>(_ what: String, within limit: Duration? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Self.run(what, within: limit ?? deadline, server: location.server, body)
    }

    static func run<T: Sendable>(
        _ what: String, within deadline: Duration, server: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            return try await StatementDeadline.race(deadline, body)
        } catch is StatementDeadline.Expired {
            throw PostgresUnavailable(server: server, problem: "\(what) did not finish within \(deadline)")
        } catch {
            throw PostgresUnavailable.classify(error, server: server)
        }
    }

    func transaction<T: Sendable>(
        _ what: String, within limit: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = client
        let logger = logger
        return try await run(what, within: limit) {
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// A transaction whose commit need not wait for the disk (the durability rule in
    /// BridgeStore.swift): event claims and mapping outcomes, only work done again if lost.
    func unsyncedTransaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await transaction(what) { connection in
            try await connection.query("SET LOCAL synchronous_commit = off", logger: logger)
            return try await body(connection)
        }
    }

    // MARK: Inbox

    public func receive(_ event: IncomingEvent) async throws -> ReceiveResult {
        try await inbox.submit(event)
    }

    /// One transaction, and one statement, for the events that arrived together (a statement per
    /// event kept every other webhook waiting for its round trips); a NOTIFY wakes every replica's
    /// mapper. Inserted in key order, so that two replicas' batches holding the same webhooks wait
    /// for each other instead of deadlocking (each is answered in its own place).
    static func receive(_ events: [IncomingEvent], client: PostgresClient, logger: Logger, server: String) async throws -> [ReceiveResult] {
        let providers = events.map(\.provider.rawValue)
        let ids = events.map(\.envelope.id)
        // Arrays carry no nulls: a time's absence is a flag beside it.
        let occurred = events.map { $0.envelope.occurredAt?.milliseconds ?? 0 }
        let hasOccurred = events.map { $0.envelope.occurredAt != nil }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    WITH input AS (
                        SELECT * FROM unnest(\(providers)::text[], \(ids)::text[], \(events.map(\.envelope.type))::text[],
                            \(occurred)::bigint[], \(hasOccurred)::bool[], \(events.map { Millis.from($0.receivedAt) })::bigint[],
                            \(events.map { ByteBuffer(bytes: $0.body) })::bytea[], \(events.map { JSONText.object($0.headers) })::text[])
                            WITH ORDINALITY AS t(provider, event_id, event_type, occurred_at, has_occurred, received_at, body, headers, ord)
                    ), inserted AS (
                        INSERT INTO events (provider, event_id, event_type, occurred_at, received_at, body, headers, state)
                        SELECT provider, event_id, event_type, CASE WHEN has_occurred THEN occurred_at END, received_at, body, headers,
                            'received'
                        FROM input ORDER BY provider, event_id, ord
                        ON CONFLICT (provider, event_id) DO NOTHING
                        RETURNING id, provider, event_id
                    ), indexed AS (
                        INSERT INTO event_ids (id, event_row) SELECT event_id, id FROM inserted ON CONFLICT DO NOTHING
                    )
                    SELECT i.ord, n.id, (SELECT e.id FROM events e WHERE e.provider = i.provider AND e.event_id = i.event_id)
                    FROM input i LEFT JOIN inserted n ON n.provider = i.provider AND n.event_id = i.event_id
                    """, logger: logger
                ).decode((Int64, Int64?, Int64?).self)
                var found = [(inserted: Int64?, existing: Int64?)](repeating: (nil, nil), count: events.count)
                for try await (ord, inserted, existing) in rows {
                    guard ord >= 1, ord <= events.count else {
                        throw PostgresUnavailable(server: server, problem: "a batch of webhooks answered row \(ord) of \(events.count)")
                    }
                    found[Int(ord) - 1] = (inserted, existing)
                }
                var results: [ReceiveResult] = []
                var stored: Set<Int64> = []
                for (index, event) in events.enumerated() {
                    if let row = found[index].inserted {
                        // The same webhook twice in one batch: the first is the one stored.
                        results.append(stored.insert(row).inserted ? .stored(eventRow: row) : .duplicate(eventRow: row))
                    } else if let row = found[index].existing {
                        results.append(.duplicate(eventRow: row))
                    } else {
                        // Stored by another replica's commit since this statement began.
                        let row = try await connection.query(
                            "SELECT id FROM events WHERE provider = \(event.provider.rawValue) AND event_id = \(event.envelope.id)",
                            logger: logger
                        ).decode(Int64.self).first { _ in true }
                        guard let row else {
                            throw PostgresUnavailable(server: server, problem: "event \(event.envelope.id) was neither inserted nor found")
                        }
                        results.append(.duplicate(eventRow: row))
                    }
                }
                if !stored.isEmpty { try await connection.query("SELECT pg_notify(\(PostgresSQL.workChannel), 'inbox')", logger: logger) }
                return results
            }
        } catch {
            throw PostgresUnavailable.classify(error, server: server)
        }
    }

    public func keepUndecodable(provider: ProviderID, body: [UInt8], headers: [String: String], problem: String, at date: Date)
        async throws -> Int64
    {
        let headers = JSONText.object(headers)
        let logger = logger
        let server = location.server
        return try await transaction("keep an undecodable body") { connection in
            // No event id to dedup on: a random one stands in.
            let row = try await connection.query(
                """
                INSERT INTO events (provider, event_id, event_type, received_at, body, headers, state, error)
                VALUES (\(provider.rawValue), 'undecodable-' || md5(random()::text || clock_timestamp()::text), '',
                    \(Millis.from(date)), \(ByteBuffer(bytes: body)), \(headers), 'undecodable', \(problem))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).first { _ in true }
            guard let row else { throw PostgresUnavailable(server: server, problem: "an undecodable body was not kept") }
            return row
        }
    }

    // MARK: Mapping queue

    public func claimEventsToMap(owner: String, at date: Date, lease: Duration, limit: Int) async throws -> [StoredEvent] {
        let due = Millis.from(date)
        let leaseMillis = Millis.of(lease)
        let logger = logger
        return try await unsyncedTransaction("claim events to map") { connection in
            let now = PostgresSQL.nowMillis
            let unclaimed = "(claim_until IS NULL OR claim_until < \(now) OR claimed_by = $1)"
            var statement = PostgresStatement()
            _ = statement.bind(owner)
            let limitBind = statement.bind(Int64(limit))
            let dueBind = statement.bind(due)
            let leaseBind = statement.bind(leaseMillis)
            // Each state walks its own index; rows another replica holds are skipped, not waited for.
            statement.append(
                """
                WITH received AS (
                    SELECT id FROM events WHERE state = 'received' AND \(unclaimed)
                    ORDER BY id LIMIT \(limitBind) FOR UPDATE SKIP LOCKED
                ), waiting AS (
                    SELECT id FROM events WHERE state = 'waiting' AND wait_until <= \(dueBind) AND \(unclaimed)
                    ORDER BY id LIMIT \(limitBind) FOR UPDATE SKIP LOCKED
                ), chosen AS (
                    SELECT id FROM (SELECT id FROM received UNION ALL SELECT id FROM waiting) both_states ORDER BY id LIMIT \(limitBind)
                )
                UPDATE events SET claimed_by = $1, claim_until = \(now) + \(leaseBind)
                WHERE id IN (SELECT id FROM chosen) RETURNING *
                """)
            return try await connection.query(statement.query, logger: logger).rows().map(StoredEvent.init(row:)).sorted { $0.row < $1.row }
        }
    }

    public func releaseEventClaims(owner: String) async throws {
        let logger = logger
        try await unsyncedTransaction("give back claimed events") { connection in
            try await connection.query(
                "UPDATE events SET claimed_by = NULL, claim_until = NULL WHERE state IN ('received', 'waiting') AND claimed_by = \(owner)", logger: logger)
        }
    }

    /// Inside a transaction: throws `ClaimLost` unless the event is still claimed as `event` was
    /// read (by its worker, or by nobody for a copy read without a claim), then releases the claim.
    static func holdClaim(on event: StoredEvent, _ connection: PostgresConnection, logger: Logger) async throws {
        let held = try await connection.query(
            """
            UPDATE events SET claimed_by = NULL, claim_until = NULL
            WHERE id = \(event.row) AND claimed_by IS NOT DISTINCT FROM \(event.claimedBy) RETURNING id
            """, logger: logger
        ).decode(Int64.self).first { _ in true }
        guard held != nil else { throw ClaimLost(delivery: event.row, owner: event.claimedBy ?? "no one", what: "event") }
    }

    public func recordWait(
        of event: StoredEvent, reason: String, until: Date, keys: [String], reads: [MemoryRead], ids: Set<String>, at date: Date
    ) async throws {
        let now = Millis.from(date)
        let logger = logger
        try await unsyncedTransaction("record a wait") { connection in
            try await PostgresMemory.lock(reads.map { (event.provider.rawValue, $0.kind, $0.key) }, connection, logger: logger)
            try await Self.holdClaim(on: event, connection, logger: logger)
            try await Self.index(ids, of: event.row, connection, logger: logger)
            try await PostgresMemory.check(reads, provider: event.provider.rawValue, connection, logger: logger)
            try await connection.query(
                """
                UPDATE events SET state = 'waiting', wait_until = \(Millis.from(until)), waiting_on = \("|" + keys.joined(separator: "|") + "|"),
                    error = NULL WHERE id = \(event.row)
                """, logger: logger)
            try await connection.query("DELETE FROM deliveries WHERE event_row = \(event.row) AND status = 'held'", logger: logger)
            try await connection.query(
                """
                INSERT INTO deliveries (event_row, status, outcome, next_attempt_at, created_at, updated_at)
                VALUES (\(event.row), 'held', \(MappingCommit.heldOutcome(reason, until: until)), \(Millis.from(until)), \(now), \(now))
                """, logger: logger)
        }
    }

    public func recordMapping(
        of event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], reads: [MemoryRead], ids: Set<String>, at date: Date
    ) async throws {
        try await mappings.submit(
            try MappingCommit(event: event, facts: facts, deliveries: deliveries, reads: reads, ids: ids, at: date)
        ).get()
    }

    /// Mappings finished together share one transaction. The memory entries the batch reads or
    /// writes are locked first, in one order, so that replicas never interleave on them. The
    /// batch is written together (`PostgresMappingBatch`); should a statement of it fail, it is
    /// committed again one by one, each mapping in its own savepoint, so that the one at fault
    /// fails alone.
    static func commit(
        _ batch: [MappingCommit], client: PostgresClient, logger: Logger, server: String
    ) async throws -> [Result<Void, any Error>] {
        do {
            return try await lockedTransaction(batch, client: client, logger: logger) { connection in
                try await PostgresMappingBatch(batch: batch, connection: connection, logger: logger, server: server).commit()
            }
        } catch where PostgresUnavailable.statementRefused(error) {
            logger.warning(
                "a batch of mappings was refused; committing them one by one",
                metadata: ["error": "\(PostgresUnavailable.describe(error))", "mappings": "\(batch.count)"])
        } catch {
            throw PostgresUnavailable.classify(error, server: server)
        }
        do {
            return try await lockedTransaction(batch, client: client, logger: logger) { connection in
                try await commitOneByOne(batch, connection, logger: logger, server: server)
            }
        } catch {
            throw PostgresUnavailable.classify(error, server: server)
        }
    }

    /// A transaction that holds the locks on the memory entries `batch` reads or writes.
    private static func lockedTransaction<T: Sendable>(
        _ batch: [MappingCommit], client: PostgresClient, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withTransaction(logger: logger) { connection in
            // Not waited for: the synced claim before any call takes it to disk.
            try await connection.query("SET LOCAL synchronous_commit = off", logger: logger)
            var slots: [(String, String, String)] = []
            for mapping in batch {
                let provider = mapping.event.provider.rawValue
                slots += mapping.reads.map { (provider, $0.kind, $0.key) }
                slots += mapping.facts.map { fact in
                    let (kind, key) = MemoryMerge.slot(of: fact)
                    return (provider, kind.rawValue, key)
                }
            }
            try await PostgresMemory.lock(slots, connection, logger: logger)
            return try await body(connection)
        }
    }

    /// Each mapping as a batch of its own, in a savepoint: a statement the server refuses rolls
    /// back that mapping alone.
    private static func commitOneByOne(
        _ batch: [MappingCommit], _ connection: PostgresConnection, logger: Logger, server: String
    ) async throws -> [Result<Void, any Error>] {
        var results: [Result<Void, any Error>] = []
        for (index, mapping) in batch.enumerated() {
            try await connection.query(PostgresQuery(unsafeSQL: "SAVEPOINT mapping_\(index)"), logger: logger)
            let result: Result<Void, any Error>
            do {
                let outcome = try await PostgresMappingBatch(batch: [mapping], connection: connection, logger: logger, server: server).commit()
                guard let only = outcome.first, outcome.count == 1 else { throw GroupCommitError(expected: 1, got: outcome.count) }
                result = only
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success:
                try await connection.query(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT mapping_\(index)"), logger: logger)
            case .failure:
                try await connection.query(PostgresQuery(unsafeSQL: "ROLLBACK TO SAVEPOINT mapping_\(index)"), logger: logger)
            }
            results.append(result)
        }
        return results
    }

    /// Adds ids to the index the event is found by, in one statement.
    static func index(_ ids: some Collection<String>, of row: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query(
            "INSERT INTO event_ids (id, event_row) SELECT unnest(\(Array(ids))::text[]), \(row) ON CONFLICT DO NOTHING", logger: logger)
    }

    public func recordMappingFailure(of event: StoredEvent, problem: String, at date: Date) async throws {
        let logger = logger
        try await unsyncedTransaction("record a mapping failure") { connection in
            try await Self.holdClaim(on: event, connection, logger: logger)
            try await connection.query("UPDATE events SET state = 'failed', error = \(problem) WHERE id = \(event.row)", logger: logger)
        }
    }

    /// Unsynced: a prune lost to a crash is only done again. Rows another replica holds locked
    /// are skipped, not waited for.
    public func pruneSettled(receivedBefore date: Date, limit: Int) async throws -> Int {
        let logger = logger
        return try await unsyncedTransaction("prune settled events") { connection in
            let ids = try await connection.query(
                PostgresQuery(unsafeSQL: OutboxSQL.prunableEvents(before: "$1", limit: "$2") + " FOR UPDATE OF e SKIP LOCKED", binds: {
                    var binds = PostgresBindings()
                    binds.append(Millis.from(date))
                    binds.append(Int64(limit))
                    return binds
                }()), logger: logger
            ).rows().map { try $0.value("id", as: Int64.self) }
            guard !ids.isEmpty else { return 0 }
            let list = ids.map(String.init).joined(separator: ",")
            for statement in OutboxSQL.pruning(list) { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            return ids.count
        }
    }

    public func memory(for provider: ProviderID, noting reads: MemoryReads?) -> any BridgeMemory {
        PostgresMemory(store: self, provider: provider.rawValue, reads: reads)
    }

    /// A read is a query: it awaits the server without holding a thread.
    public var memoryReadsHoldThreads: Bool { false }
}
