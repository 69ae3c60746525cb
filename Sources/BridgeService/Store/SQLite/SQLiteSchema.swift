import GRDB

/// The SQLite tables, as migrations from the first schema on. Constraints do the dedup: one inbox row per (provider, event id), one
/// outbox call per (endpoint, FirstPromoter event_id).
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY,
                        provider TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        occurred_at INTEGER,
                        received_at INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        headers TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('received', 'mapped', 'failed', 'undecodable')),
                        error TEXT,
                        UNIQUE (provider, event_id)
                    );
                    CREATE INDEX events_state ON events (state, id);

                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY,
                        event_row INTEGER NOT NULL REFERENCES events (id),
                        endpoint TEXT CHECK (endpoint IN ('sale', 'refund', 'cancellation')),
                        fp_event_id TEXT,
                        call TEXT,
                        note TEXT,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'ignored', 'dry_run')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_http_status INTEGER,
                        last_response TEXT,
                        outcome TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        CHECK ((endpoint IS NULL) = (status = 'ignored'))
                    );
                    CREATE UNIQUE INDEX deliveries_call ON deliveries (endpoint, fp_event_id) WHERE endpoint IS NOT NULL;
                    CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

                    CREATE TABLE memory (
                        provider TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        as_of INTEGER NOT NULL,
                        PRIMARY KEY (provider, kind, key)
                    );

                    CREATE TABLE health (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL);
                    """)
        }
        // v2: events can wait (held for what may still arrive); deliveries can be held
        // placeholders and name a call that must be settled first; signups are a call. SQLite
        // cannot change a CHECK, so both tables are rebuilt and their rows copied.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events_v2 (
                        id INTEGER PRIMARY KEY,
                        provider TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        occurred_at INTEGER,
                        received_at INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        headers TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('received', 'waiting', 'mapped', 'failed', 'undecodable')),
                        error TEXT,
                        wait_until INTEGER,
                        waiting_on TEXT,
                        UNIQUE (provider, event_id)
                    );
                    INSERT INTO events_v2 (id, provider, event_id, event_type, occurred_at, received_at, body, headers, state, error)
                        SELECT id, provider, event_id, event_type, occurred_at, received_at, body, headers, state, error FROM events;

                    CREATE TABLE deliveries_v2 (
                        id INTEGER PRIMARY KEY,
                        event_row INTEGER NOT NULL REFERENCES events (id),
                        endpoint TEXT CHECK (endpoint IN ('sale', 'refund', 'cancellation', 'signup')),
                        fp_event_id TEXT,
                        call TEXT,
                        note TEXT,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'delivered', 'dead', 'ignored', 'dry_run')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_http_status INTEGER,
                        last_response TEXT,
                        outcome TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        after_endpoint TEXT,
                        after_event_id TEXT,
                        CHECK ((endpoint IS NULL) = (status IN ('ignored', 'held')))
                    );
                    INSERT INTO deliveries_v2 (id, event_row, endpoint, fp_event_id, call, note, status, attempts, next_attempt_at,
                            last_http_status, last_response, outcome, created_at, updated_at)
                        SELECT id, event_row, endpoint, fp_event_id, call, note, status, attempts, next_attempt_at,
                            last_http_status, last_response, outcome, created_at, updated_at FROM deliveries;

                    DROP TABLE deliveries;
                    DROP TABLE events;
                    ALTER TABLE events_v2 RENAME TO events;
                    ALTER TABLE deliveries_v2 RENAME TO deliveries;
                    CREATE INDEX events_state ON events (state, id);
                    CREATE INDEX events_waiting ON events (state, wait_until) WHERE state = 'waiting';
                    CREATE UNIQUE INDEX deliveries_call ON deliveries (endpoint, fp_event_id) WHERE endpoint IS NOT NULL;
                    CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
                    CREATE INDEX deliveries_event ON deliveries (event_row);
                    """)
        }
        // v3: the shared rate budget, kept in the store so that replicas share one pace.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: "CREATE TABLE rate_budget (name TEXT PRIMARY KEY, next_slot_at INTEGER NOT NULL)")
        }
        // v4: outbox work is claimed with a lease (owner, expiry), so that several forwarder
        // workers, and later several replicas, never send one delivery at once.
        migrator.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
                    ALTER TABLE deliveries ADD COLUMN claim_until INTEGER;
                    """)
        }
        // v5: events are claimed by a mapper worker the same way.
        migrator.registerMigration("v5") { db in
            try db.execute(
                sql: """
                    ALTER TABLE events ADD COLUMN claimed_by TEXT;
                    ALTER TABLE events ADD COLUMN claim_until INTEGER;
                    """)
        }
        // v6: claimed rows are few; these find them without reading every row (the next due
        // delivery, and the claims a stopping worker gives back).
        migrator.registerMigration("v6") { db in
            try db.execute(
                sql: """
                    CREATE INDEX deliveries_claimed ON deliveries (status, claim_until) WHERE claimed_by IS NOT NULL;
                    CREATE INDEX events_claimed ON events (claimed_by) WHERE claimed_by IS NOT NULL;
                    """)
        }
        // v7: every attempt and replay kept (a replay adds history, never overwrites it), and
        // when a delivery was last queued, from which its retries give up.
        migrator.registerMigration("v7") { db in
            try db.execute(
                sql: """
                    CREATE TABLE attempts (
                        id INTEGER PRIMARY KEY,
                        delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
                        at INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('call', 'dry_run', 'replay')),
                        url TEXT,
                        http_status INTEGER,
                        duration_ms INTEGER,
                        response TEXT,
                        outcome TEXT NOT NULL
                    );
                    CREATE INDEX attempts_delivery ON attempts (delivery_id, id);
                    ALTER TABLE deliveries ADD COLUMN queued_at INTEGER;
                    UPDATE deliveries SET queued_at = created_at;
                    CREATE INDEX deliveries_fp_event ON deliveries (fp_event_id);
                    CREATE INDEX events_received ON events (received_at);
                    """)
        }
        // v8: the console's last sign-out, before which no session is valid.
        migrator.registerMigration("v8") { db in
            try db.execute(sql: "CREATE TABLE console_sessions (id INTEGER PRIMARY KEY CHECK (id = 1), valid_after INTEGER NOT NULL)")
        }
        // v9: the index of ids an event is found by (its own, its mapping's, its calls'), so
        // that finding one never reads bodies. Events stored before it are found by their event
        // id and their calls' event_id; a remap adds the rest.
        migrator.registerMigration("v9") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_ids (id TEXT NOT NULL, event_row INTEGER NOT NULL REFERENCES events (id), UNIQUE (id, event_row));
                    INSERT OR IGNORE INTO event_ids (id, event_row) SELECT event_id, id FROM events;
                    INSERT OR IGNORE INTO event_ids (id, event_row) SELECT fp_event_id, event_row FROM deliveries WHERE fp_event_id IS NOT NULL;
                    """)
        }
        // v10: backfills as they go, to resume one where it stopped.
        migrator.registerMigration("v10") { db in
            try db.execute(sql: ImportRunSQL.table)
        }
        return migrator
    }
}
