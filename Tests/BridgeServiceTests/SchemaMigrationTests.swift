import BridgeCore
import BridgeService
import Foundation
import GRDB
import Testing

/// A store written by the first release (schema v1) opens under today's schema with every row
/// kept, and takes the new states and calls.
@Suite struct SchemaMigrationTests {
    /// Schema v1 as the first release created it, with one event, its delivery and a memory row.
    static let version1 = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1');
        CREATE TABLE events (
            id INTEGER PRIMARY KEY, provider TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            occurred_at INTEGER, received_at INTEGER NOT NULL, body BLOB NOT NULL, headers TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('received', 'mapped', 'failed', 'undecodable')), error TEXT,
            UNIQUE (provider, event_id));
        CREATE INDEX events_state ON events (state, id);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY, event_row INTEGER NOT NULL REFERENCES events (id),
            endpoint TEXT CHECK (endpoint IN ('sale', 'refund', 'cancellation')), fp_event_id TEXT, call TEXT, note TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'ignored', 'dry_run')),
            attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_http_status INTEGER,
            last_response TEXT, outcome TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            CHECK ((endpoint IS NULL) = (status = 'ignored')));
        CREATE UNIQUE INDEX deliveries_call ON deliveries (endpoint, fp_event_id) WHERE endpoint IS NOT NULL;
        CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
        CREATE TABLE memory (provider TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            as_of INTEGER NOT NULL, PRIMARY KEY (provider, kind, key));
        CREATE TABLE health (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL);
        INSERT INTO events VALUES (7, 'stripe', 'evt_old', 'invoice.paid', NULL, 1764000000000, X'7B7D', '{}', 'mapped', NULL);
        INSERT INTO deliveries VALUES (3, 7, 'sale', 'in_old',
            '{"endpoint":"sale","eventID":"in_old","parameters":[{"name":"event_id","value":"in_old"}]}', NULL,
            'delivered', 1, 1764000000000, 200, '{}', 'tracked', 1764000000000, 1764000000000);
        INSERT INTO memory VALUES ('stripe', 'sale_paid_by', 'payment_intent:pi_old', 'in_old', 1764000000000);
        """

    @Test func aVersion1StoreKeepsEveryRow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bridge.sqlite").path
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: Self.version1) }

        let store = try SQLiteBridgeStore(path: path)
        let delivered = try await store.deliveries(status: .delivered, limit: 10)
        #expect(delivered.map(\.id) == [3])
        #expect(delivered.first?.call?.eventID == "in_old")
        #expect(delivered.first?.providerEventID == "evt_old")
        #expect(try await store.events(in: .mapped, limit: 10).map(\.eventID) == ["evt_old"])
        #expect(try await store.memory(for: "stripe").saleEventID(paidBy: PaymentReference(kind: "payment_intent", id: "pi_old")) == "in_old")

        // The new schema's states and calls are accepted.
        guard case .stored = try await store.receive(IncomingEvent(
            provider: "stripe", envelope: EventEnvelope(id: "evt_new", type: "charge.refunded", occurredAt: nil),
            body: Array("{}".utf8), headers: [:], receivedAt: Date()))
        else { Issue.record("not stored"); return }
        let event = try #require(try await store.events(in: .received, limit: 10).first)
        try await store.recordWait(of: event, reason: "held for a test", until: Date().addingTimeInterval(60), keys: ["sale:in_x"], reads: [], at: Date())
        #expect(try await store.deliveries(status: .held, limit: 10).first?.outcome?.hasPrefix("held for a test, until ") == true)
        let signup = FirstPromoterCall(endpoint: .signup, eventID: "signup-uid-cus_1", parameters: [FormField("uid", "cus_1")])
        try await store.recordMapping(of: event, facts: [], deliveries: [.call(signup)], at: Date())
        #expect(try await store.deliveries(status: .pending, limit: 10).map(\.call?.endpoint) == [.signup])
        #expect(try await store.deliveries(status: .held, limit: 10).isEmpty)
    }
}
