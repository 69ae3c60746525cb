import BridgeCore
import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// The store on one SQLite file: WAL journal, fully synced commits (a commit has reached the
/// disk when `receive` returns, so the 200 that follows is a promise kept across a crash).
public struct SQLiteBridgeStore: BridgeStore {
    let pool: DatabasePool
    public let path: String
    let inbox: GroupCommit<IncomingEvent, ReceiveResult>
    let mappings: GroupCommit<MappingCommit, Result<Void, any Error>>
    let outcomes: GroupCommit<OutcomeCommit, Result<Void, any Error>>
    let identity: FileIdentity
    /// Memory reads' own read-only connection (why: `SQLiteMemory`).
    let memoryReader: DatabaseQueue
    /// Free space below which readiness fails (`checkWritable`).
    public var reserveBytes: Int64 = 2 << 20

    /// Opens the file without touching its schema (`migrate()` comes next). With `create`, a
    /// missing file and its folder are created; without, a missing file is an error, so that a
    /// command that only reads never leaves an empty database behind.
    public init(opening path: String, create: Bool) throws {
        self.path = path
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw StoreFileError(path: path, problem: "no database here yet",
                remedy: "the service creates it when it first starts; check BRIDGE_DATABASE_URL")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // Statement journals and sorts stay in memory: as files they cost an open, a write and
        // an unlink in /var/tmp, many times a second under load.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // WAL's NORMAL can lose the last commits on power loss; FULL cannot. GRDB sets NORMAL
            // when it opens the pool, after `prepareDatabase`, so this goes on the one writer
            // connection once it is open (readers never write).
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            // Opening writes (the write-ahead log): a read-only or full disk fails here.
            throw StoreFileError(
                path: path, problem: "it cannot be opened for writing (\(error))",
                remedy: "make its file system writable (it may be read-only or full), then start again")
        }
        var readOnly = configuration
        readOnly.readonly = true
        memoryReader = try DatabaseQueue(path: path, configuration: readOnly)
        let pool = pool
        let identity = try FileIdentity(path: path)
        self.identity = identity
        inbox = GroupCommit { events in
            try identity.check(path: path)
            return try await Self.receive(events, into: pool)
        }
        mappings = GroupCommit { batch in
            try identity.check(path: path)
            return try await Self.commit(batch, into: pool)
        }
        outcomes = GroupCommit { batch in
            try identity.check(path: path)
            return try await Self.commit(batch, into: pool)
        }
    }

    /// Opens, creating the file if missing, and migrates: for tests and one-shot commands.
    public init(path: String) throws {
        try self.init(opening: path, create: true)
        _ = try migrate()
    }

    // MARK: Lifecycle

    /// Under an exclusive lock on `PATH.lock`, so that processes started together on one new file
    /// migrate once: the others wait, then find nothing left to apply.
    public func migrate() throws -> [String] {
        try MigrationLock.holding(path + ".lock") {
            let before = try pool.read { db in try SQLiteSchema.migrator.appliedIdentifiers(db) }
            try SQLiteSchema.migrator.migrate(pool)
            let after = try pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
            return after.filter { !before.contains($0) }
        }
    }

    /// The write that readiness and the start-up check commit: one row, overwritten.
    static func touchHealthRow(_ db: Database) throws {
        try db.execute(
            cached: "INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at",
            arguments: [Millis.now()])
    }

    /// A synced write at start: SQLite opens a file it cannot write (a read-only disk) read-only
    /// without a word, and the service would then answer every webhook 503 until restarted.
    public func proveWritable() throws {
        do {
            try pool.write { db in
                try Self.touchHealthRow(db)
            }
        } catch {
            throw StoreFileError(
                path: path, problem: "it cannot be written (\(error))",
                remedy: "make its file system writable (it may be read-only or full), then start the service again")
        }
    }

    /// Checkpoints the log in the background (`WALCheckpointer`) until its turn in the shutdown
    /// (after every service that writes has stopped), then closes.
    public func run() async throws {
        let checkpointer = try WALCheckpointer(path: path)
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerLimitPages)")
        }
        let logger = Logger(label: "BridgeService")
        let path = path
        let cutOff = await withTaskGroup(of: Void.self) { group -> Bool in
            group.addTask {
                await checkpointer.run { error in
                    logger.warning("background checkpoint failed; the writer checkpoints itself meanwhile", metadata: [
                        "path": "\(path)", "error": "\(error)",
                    ])
                }
            }
            defer { group.cancelAll() }
            do {
                try await gracefulShutdown()
                return false
            } catch {
                return true
            }
        }
        try checkpointer.close()
        // The shutdown deadline passed before the store's turn: the other services, cut off, may
        // still write (a forwarder gives back the call it was making), so the store is left open
        // for the process exit. Every commit is on disk already.
        if cutOff { return }
        try await close()
    }

    /// One process per file: its workers are rung directly, nothing to listen for.
    public func listenForWork(_ wake: @escaping @Sendable (WorkQueue) -> Void) async throws {}

    public func close() async throws {
        await inbox.close()
        await mappings.close()
        await outcomes.close()
        // The log is folded into the database file and emptied, so that a stopped service leaves
        // one self-contained file (GRDB closes the writer before its read-only readers, and only
        // a writer's close can remove the log).
        try memoryReader.close()
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try pool.close()
    }

    /// `PRAGMA synchronous` as in force on the connection that commits (2 is FULL).
    public func synchronousLevel() async throws -> Int {
        try await pool.writeWithoutTransaction { db in
            guard let level = try Int.fetchOne(db, sql: "PRAGMA synchronous") else {
                throw DatabaseError(message: "PRAGMA synchronous answered nothing")
            }
            return level
        }
    }

    /// Ready means: the file is the one opened, its disk has room for at least `reserveBytes`
    /// more (a full disk refuses commits; better to say so before), and a synced write commits.
    public func checkWritable() async throws {
        try identity.check(path: path)
        let free = try FreeSpace.available(at: path)
        guard free >= reserveBytes else {
            throw StoreFileError(
                path: path, problem: "its disk is nearly full: \(free / 1024) KiB free, \(reserveBytes / 1024) KiB wanted",
                remedy: "free or add space; webhooks are answered 503 (and sent again by providers) while commits fail")
        }
        try await syncedWrite { db in
            try Self.touchHealthRow(db)
        }
    }

    // MARK: Inbox

    public func receive(_ event: IncomingEvent) async throws -> ReceiveResult {
        try await inbox.submit(event)
    }

    /// One synced transaction for the events that arrived together (`GroupCommit`).
    static func receive(_ events: [IncomingEvent], into pool: DatabasePool) async throws -> [ReceiveResult] {
        let rows = events.map { event in (event, JSONText.object(event.headers)) }
        return try await write(pool, synchronous: "FULL") { db in
            try rows.map { event, headers in
                try db.execute(
                    cached: """
                        INSERT INTO events (provider, event_id, event_type, occurred_at, received_at, body, headers, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'received')
                        ON CONFLICT (provider, event_id) DO NOTHING
                        """,
                    arguments: [
                        event.provider.rawValue, event.envelope.id, event.envelope.type,
                        event.envelope.occurredAt?.milliseconds, Millis.from(event.receivedAt), Data(event.body), headers,
                    ])
                if db.changesCount == 1 {
                    let row = db.lastInsertedRowID
                    try Self.index([event.envelope.id], of: row, db)
                    return .stored(eventRow: row)
                }
                guard
                    let row = try Int64.fetchOne(
                        db, cached: "SELECT id FROM events WHERE provider = ? AND event_id = ?",
                        arguments: [event.provider.rawValue, event.envelope.id])
                else { throw DatabaseError(message: "event \(event.envelope.id) was neither inserted nor found") }
                return .duplicate(eventRow: row)
            }
        }
    }

    public func keepUndecodable(provider: ProviderID, body: [UInt8], headers: [String: String], problem: String, at date: Date)
        async throws -> Int64
    {
        let headers = JSONText.object(headers)
        return try await syncedWrite { db in
            // No event id to dedup on: the row id stands in for one.
            try db.execute(
                cached: """
                    INSERT INTO events (provider, event_id, event_type, received_at, body, headers, state, error)
                    VALUES (?, 'undecodable-' || lower(hex(randomblob(8))), '', ?, ?, ?, 'undecodable', ?)
                    """,
                arguments: [provider.rawValue, Millis.from(date), Data(body), headers, problem])
            return db.lastInsertedRowID
        }
    }


    public func claimEventsToMap(owner: String, at date: Date, lease: Duration, limit: Int) async throws -> [StoredEvent] {
        let due = Millis.from(date)
        return try await unsyncedWrite { db in
            // Leases run on the store's clock (this machine's, for a file on it), read in the write.
            let now = Millis.now()
            let until = now + Millis.of(lease)
            // Each state walks its own index and stops at `limit`: one OR over both would read
            // every received row (bodies and all) into a sort, on every claim, under a backlog.
            let unclaimed = "(claim_until IS NULL OR claim_until < ? OR claimed_by = ?)"
            let ids = try Int64.fetchAll(
                db,
                cached: """
                    SELECT id FROM (SELECT id FROM events WHERE state = 'received' AND \(unclaimed) ORDER BY id LIMIT ?)
                    UNION ALL
                    SELECT id FROM (SELECT id FROM events WHERE state = 'waiting' AND wait_until <= ? AND \(unclaimed) ORDER BY id LIMIT ?)
                    ORDER BY id LIMIT ?
                    """,
                arguments: [now, owner, limit, due, now, owner, limit, limit])
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "UPDATE events SET claimed_by = ?, claim_until = ? WHERE id IN (\(list))", arguments: [owner, until])
            return try Row.fetchAll(db, sql: "SELECT * FROM events WHERE id IN (\(list)) ORDER BY id").map { try StoredEvent(row: $0) }
        }
    }

    public func releaseEventClaims(owner: String) async throws {
        try await unsyncedWrite { db in
            try db.execute(cached: "UPDATE events SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ?", arguments: [owner])
        }
    }

    /// A write committed without waiting for the disk (the durability rule in BridgeStore.swift): event claims
    /// and mapping outcomes. Lost to a power cut, it is only work done again; and the log is
    /// written in order, so the next synced commit takes it to disk.
    func unsyncedWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.write(pool, synchronous: "NORMAL", body)
    }

    /// Every other write is fully synced: set on each one, so that no earlier claim's setting can
    /// leave a commit unsynced.
    func syncedWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.write(pool, synchronous: "FULL", body)
    }

    static func write<T: Sendable>(
        _ pool: DatabasePool, synchronous: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            try db.execute(cached: "PRAGMA synchronous = \(synchronous)")
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            guard let result else { throw DatabaseError(message: "a transaction returned nothing") }
            return result
        }
    }

    /// Inside a write: throws `ClaimLost` unless the event is still claimed as `event` was read
    /// (by its worker, or by nobody for a copy read without a claim), then releases the claim.
    private static func holdClaim(on event: StoredEvent, _ db: Database) throws {
        try db.execute(
            cached: "UPDATE events SET claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by IS ?",
            arguments: [event.row, event.claimedBy])
        guard db.changesCount == 1 else { throw ClaimLost(delivery: event.row, owner: event.claimedBy ?? "no one", what: "event") }
    }

    public func recordWait(
        of event: StoredEvent, reason: String, until: Date, keys: [String], reads: [MemoryRead], ids: Set<String>, at date: Date
    ) async throws {
        let now = Millis.from(date)
        try await unsyncedWrite { db in
            try Self.holdClaim(on: event, db)
            try Self.index(ids, of: event.row, db)
            try SQLiteMemory.check(reads, provider: event.provider.rawValue, db: db)
            try db.execute(
                cached: "UPDATE events SET state = 'waiting', wait_until = ?, waiting_on = ?, error = NULL WHERE id = ?",
                arguments: [Millis.from(until), "|" + keys.joined(separator: "|") + "|", event.row])
            // One placeholder row per waiting event, so that `deliveries` shows what is held and why.
            try db.execute(cached: "DELETE FROM deliveries WHERE event_row = ? AND status = 'held'", arguments: [event.row])
            try db.execute(
                cached: """
                    INSERT INTO deliveries (event_row, status, outcome, next_attempt_at, created_at, updated_at)
                    VALUES (?, 'held', ?, ?, ?, ?)
                    """,
                arguments: [event.row, MappingCommit.heldOutcome(reason, until: until), Millis.from(until), now, now])
        }
    }

    public func recordMapping(
        of event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], reads: [MemoryRead], ids: Set<String>, at date: Date
    ) async throws {
        try await mappings.submit(
            try MappingCommit(event: event, facts: facts, deliveries: deliveries, reads: reads, ids: ids, at: date)
        ).get()
    }

    /// Mappings that several workers finish together share one synced transaction, each in its
    /// own savepoint: one whose claim ran out or whose memory changed is rolled back alone.
    static func commit(_ mappings: [MappingCommit], into pool: DatabasePool) async throws -> [Result<Void, any Error>] {
        try await write(pool, synchronous: "NORMAL") { db in
            mappings.map { mapping in
                do {
                    try db.inSavepoint {
                        try apply(mapping, db)
                        return .commit
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    private static func apply(_ mapping: MappingCommit, _ db: Database) throws {
        let event = mapping.event
        let now = mapping.at
        let provider = event.provider.rawValue
        let facts = mapping.facts
        try Self.holdClaim(on: event, db)
        try Self.index(mapping.indexed, of: event.row, db)
        try SQLiteMemory.check(mapping.reads, provider: provider, db: db)
        for fact in facts { try SQLiteMemory.apply(fact, provider: provider, db: db, at: now) }
        // Events waiting for one of these memory entries are looked at again now, not at their deadline.
        if !facts.isEmpty {
            let matches = Array(repeating: "instr(waiting_on, ?) > 0", count: facts.count).joined(separator: " OR ")
            try db.execute(
                cached: """
                    UPDATE events SET wait_until = ? WHERE state = 'waiting' AND provider = ? AND wait_until > ?
                    AND (\(matches))
                    """,
                arguments: StatementArguments([now, provider, now] as [any DatabaseValueConvertible])
                    + StatementArguments(facts.map { "|\($0.key)|" }))
        }
        // Placeholders are derived: a remap through the current mapping file says them afresh.
        try db.execute(cached: "DELETE FROM deliveries WHERE event_row = ? AND status IN ('held', 'ignored')", arguments: [event.row])
        for (planned, json) in mapping.calls {
            switch planned {
            case .call(let call):
                try db.execute(
                    cached: """
                        INSERT INTO deliveries (event_row, endpoint, fp_event_id, call, note, status, next_attempt_at, created_at, updated_at,
                            queued_at, after_endpoint, after_event_id)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """,
                    arguments: [
                        event.row, call.endpoint.rawValue, call.eventID, json, call.note, now, now, now, now,
                        call.after?.endpoint.rawValue, call.after?.eventID,
                    ])
                if db.changesCount == 0 {
                    guard
                        let first = try Row.fetchOne(
                            db, cached: "SELECT id, event_row FROM deliveries WHERE endpoint = ? AND fp_event_id = ?",
                            arguments: [call.endpoint.rawValue, call.eventID])
                    else { throw DatabaseError(message: "delivery \(call.endpoint.rawValue) \(call.eventID) was neither inserted nor found") }
                    // Remapped: this event queued the call before; nothing new to say.
                    if first["event_row"] as Int64 == event.row { continue }
                    try insertIgnored(
                        db, event: event.row,
                        reason: ReplayRule.sentOnce(DeliveryKey(call.endpoint, call.eventID), asDelivery: first["id"]),
                        at: now)
                }
            case .ignored(let reason):
                try Self.insertIgnored(db, event: event.row, reason: reason, at: now)
            }
        }
        try db.execute(
            cached: "UPDATE events SET state = 'mapped', error = NULL, wait_until = NULL, waiting_on = NULL WHERE id = ?",
            arguments: [event.row])
    }

    /// Adds ids to the index the event is found by (`events(mentioning:)`).
    static func index(_ ids: some Collection<String>, of row: Int64, _ db: Database) throws {
        for id in ids {
            try db.execute(cached: "INSERT INTO event_ids (id, event_row) VALUES (?, ?) ON CONFLICT DO NOTHING", arguments: [id, row])
        }
    }

    private static func insertIgnored(_ db: Database, event: Int64, reason: String, at now: Int64) throws {
        try db.execute(
            cached: """
                INSERT INTO deliveries (event_row, status, outcome, next_attempt_at, created_at, updated_at)
                VALUES (?, 'ignored', ?, ?, ?, ?)
                """,
            arguments: [event, reason, now, now, now])
    }

    public func recordMappingFailure(of event: StoredEvent, problem: String, at date: Date) async throws {
        try await unsyncedWrite { db in
            try Self.holdClaim(on: event, db)
            try db.execute(cached: "UPDATE events SET state = 'failed', error = ? WHERE id = ?", arguments: [problem, event.row])
        }
    }


    /// Unsynced: a prune lost to a power cut is only done again.
    public func pruneSettled(receivedBefore date: Date, limit: Int) async throws -> Int {
        try await unsyncedWrite { db in
            let ids = try Int64.fetchAll(
                db, cached: OutboxSQL.prunableEvents(before: "?", limit: "?"), arguments: [Millis.from(date), limit])
            guard !ids.isEmpty else { return 0 }
            let list = ids.map(String.init).joined(separator: ",")
            for statement in OutboxSQL.pruning(list) { try db.execute(sql: statement) }
            return ids.count
        }
    }

    public func memory(for provider: ProviderID, noting reads: MemoryReads?) -> any BridgeMemory {
        SQLiteMemory(reader: memoryReader, provider: provider.rawValue, reads: reads)
    }

    /// `SQLiteMemory` reads synchronously, on the caller's thread.
    public var memoryReadsHoldThreads: Bool { true }

    // MARK: Outbox

    /// Synced: a call goes out only after this commit, which takes its delivery row, and every
    /// unsynced mapping before it, to disk (the durability rule in BridgeStore.swift).
    public func claimDueDeliveries(owner: String, at date: Date, lease: Duration, limit: Int) async throws -> [Delivery] {
        let due = Millis.from(date)
        return try await syncedWrite { db in
            let now = Millis.now()
            let until = now + Millis.of(lease)
            let ids = try Int64.fetchAll(
                db,
                cached: "SELECT d.id FROM deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND "
                    + Self.unclaimed + " AND " + OutboxSQL.notBlocked + " ORDER BY d.next_attempt_at, d.id LIMIT ?",
                arguments: [due, now, owner, limit])
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(
                sql: "UPDATE deliveries SET claimed_by = ?, claim_until = ? WHERE id IN (\(list))", arguments: [owner, until])
            // A row that cannot be read back is a dead letter that says why, not an outage: left
            // in line, it would fail every claim after it.
            var claimed: [Delivery] = []
            for row in try Row.fetchAll(db, sql: OutboxSQL.deliverySelect + " WHERE d.id IN (\(list)) ORDER BY d.next_attempt_at, d.id") {
                do {
                    claimed.append(try Delivery(row: row))
                } catch {
                    let id: Int64 = row["id"]
                    try db.execute(
                        cached: """
                            UPDATE deliveries SET status = 'dead', outcome = ?, claimed_by = NULL, claim_until = NULL, updated_at = ?
                            WHERE id = ?
                            """,
                        arguments: ["unreadable outbox row: \(error)", now, id])
                    try Self.insertAttempt(
                        db, delivery: id, at: now, kind: .call, url: nil, status: nil, duration: nil, response: nil,
                        outcome: "dead: unreadable outbox row: \(error)")
                }
            }
            return claimed
        }
    }

    public func nextDueDate() async throws -> Date? {
        try await pool.read { db in
            // The first unclaimed one in due order (the index walk stops there), and the claimed
            // ones, each its holder's until the claim runs out. Never a scan of the whole outbox:
            // every idle worker asks this.
            let unclaimed = try Int64.fetchOne(
                db,
                cached: "SELECT d.next_attempt_at FROM deliveries d WHERE d.status = 'pending' AND d.claimed_by IS NULL AND "
                    + OutboxSQL.notBlocked + " ORDER BY d.next_attempt_at LIMIT 1")
            let claimed = try Int64.fetchOne(
                db,
                cached: "SELECT min(max(d.next_attempt_at, d.claim_until)) FROM deliveries d WHERE d.status = 'pending' "
                    + "AND d.claimed_by IS NOT NULL AND " + OutboxSQL.notBlocked)
            return [unclaimed, claimed].compactMap { $0 }.min().map(Millis.date)
        }
    }

    public func releaseClaim(delivery id: Int64, owner: String) async throws {
        try await syncedWrite { db in
            try db.execute(
                cached: "UPDATE deliveries SET claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?", arguments: [id, owner])
        }
    }

    /// Synced, in a group commit: outcomes that forwarder workers file together share one fsync,
    /// each in its own savepoint, so that a lost claim fails only its own.
    public func update(delivery id: Int64, _ update: DeliveryUpdate, record: CallRecord, owner: String, at date: Date) async throws {
        try await outcomes.submit(OutcomeCommit(delivery: id, written: update.written, record: record, owner: owner, at: Millis.from(date)))
            .get()
    }

    static func commit(_ outcomes: [OutcomeCommit], into pool: DatabasePool) async throws -> [Result<Void, any Error>] {
        try await write(pool, synchronous: "FULL") { db in
            outcomes.map { outcome in
                do {
                    try db.inSavepoint {
                        try file(outcome, db)
                        return .commit
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    private static func file(_ outcome: OutcomeCommit, _ db: Database) throws {
        let (id, written, record, owner) = (outcome.delivery, outcome.written, outcome.record, outcome.owner)
        try db.execute(
            cached: """
                UPDATE deliveries SET status = ?, attempts = attempts + ?, next_attempt_at = coalesce(?, next_attempt_at),
                outcome = ?, last_http_status = ?, last_response = ?, claimed_by = NULL, claim_until = NULL, updated_at = ?
                WHERE id = ? AND claimed_by = ?
                """,
            arguments: [
                written.status.rawValue, written.countsAsAttempt ? 1 : 0, written.nextAttemptAt.map(Millis.from), written.outcome,
                written.httpStatus, written.response, outcome.at, id, owner,
            ])
        guard db.changesCount == 1 else { throw ClaimLost(delivery: id, owner: owner) }
        try Self.insertAttempt(
            db, delivery: id, at: Millis.from(record.startedAt), kind: written.kind, url: record.url, status: written.httpStatus,
            duration: record.durationMilliseconds, response: written.response, outcome: written.historyOutcome)
    }

    static func insertAttempt(
        _ db: Database, delivery: Int64, at: Int64, kind: AttemptKind, url: String?, status: Int?, duration: Int?, response: String?,
        outcome: String
    ) throws {
        let kept = StoredColumns.kept(response)
        try db.execute(
            cached: """
                INSERT INTO attempts (delivery_id, at, kind, url, http_status, duration_ms, response, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [delivery, at, kind.rawValue, url, status, duration, kept, outcome])
    }


    public func requeue(ids: [Int64], force: Bool, by who: String, at date: Date) async throws -> [ReplayResult] {
        let now = Millis.from(date)
        return try await syncedWrite { db in
            try ids.map { id in
                guard let row = try Row.fetchOne(db, cached: "SELECT status, endpoint, outcome FROM deliveries WHERE id = ?", arguments: [id])
                else { return .notFound(id: id) }
                let status = try StoredColumns.status(row["status"], delivery: id)
                switch ReplayRule.decide(status, force: force) {
                case .refuse(let reason):
                    return .refused(id: id, reason: reason)
                case .requeue:
                    try Self.requeue(db, id: id, was: status, outcome: row["outcome"], by: who, at: now)
                    return .requeued(id: id, was: status)
                }
            }
        }
    }

    /// Pending and due now, counting its attempts afresh; the replay goes into its history with
    /// what it was, so nothing that was there is lost.
    private static func requeue(_ db: Database, id: Int64, was status: DeliveryStatus, outcome: String?, by who: String, at now: Int64) throws {
        try db.execute(
            cached: """
                UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, queued_at = ?, updated_at = ?,
                outcome = 'replayed', claimed_by = NULL, claim_until = NULL WHERE id = ?
                """,
            arguments: [now, now, now, id])
        try insertAttempt(
            db, delivery: id, at: now, kind: .replay, url: nil, status: nil, duration: nil, response: nil,
            outcome: ReplayRule.historyLine(by: who, was: status, outcome: outcome))
    }

    public func requeueDead(provider: String?, since: Date?, until: Date?, by who: String, at date: Date) async throws -> Int {
        let now = Millis.from(date)
        // Unset bounds match everything: one statement for every combination of filters.
        let arguments: StatementArguments = [
            provider, provider, since.map(Millis.from), since.map(Millis.from), until.map(Millis.from), until.map(Millis.from),
        ]
        return try await syncedWrite { db in
            let rows = try Row.fetchAll(
                db,
                cached: """
                    SELECT d.id, d.status, d.outcome FROM deliveries d JOIN events e ON e.id = d.event_row
                    WHERE d.status IN (\(OutboxSQL.deadLetterStatuses)) AND (? IS NULL OR e.provider = ?)
                    AND (? IS NULL OR d.created_at >= ?) AND (? IS NULL OR d.created_at < ?)
                    """,
                arguments: arguments)
            for row in rows {
                let status = try StoredColumns.status(row["status"], delivery: row["id"])
                try Self.requeue(db, id: row["id"], was: status, outcome: row["outcome"], by: who, at: now)
            }
            return rows.count
        }
    }

    /// Not claimed, or the claim ran out (its worker died): bound to the store's clock.
    /// Its own claims a worker may take again (the same worker restarted in one process).
    static let unclaimed = "(d.claim_until IS NULL OR d.claim_until < ? OR d.claimed_by = ?)"
}

extension JSONEncoder {
    /// Stable output: the same value always encodes to the same bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// The rate budget: one row per API, the next free slot in milliseconds.
extension SQLiteBridgeStore {
    public func reserveSlot(_ name: String, interval: Duration, now: Date) async throws -> Date {
        let rule = PaceRule(intervalMilliseconds: Millis.of(interval))
        let nowMillis = Millis.from(now)
        // A slot lost to a power cut costs nothing: not synced.
        let slot = try await unsyncedWrite { db -> Int64 in
            let stored = try Int64.fetchOne(db, cached: "SELECT next_slot_at FROM rate_budget WHERE name = ?", arguments: [name])
            let (slot, next) = rule.reserve(storedNext: stored, now: nowMillis)
            try db.execute(
                cached: """
                    INSERT INTO rate_budget (name, next_slot_at) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET next_slot_at = excluded.next_slot_at
                    """,
                arguments: [name, next])
            return slot
        }
        return Millis.date(slot)
    }

    public func holdOff(_ name: String, until: Date) async throws {
        try await unsyncedWrite { db in
            try db.execute(
                cached: """
                    INSERT INTO rate_budget (name, next_slot_at) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET next_slot_at = max(next_slot_at, excluded.next_slot_at)
                    """,
                arguments: [name, Millis.from(until)])
        }
    }
}
