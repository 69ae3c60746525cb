#!/usr/bin/env python3
"""Find benchmark: how long finding one event by an id takes among a million stored events,
through the index of ids (`show ID`, `events --search ID`, the console's search). Fills a fresh
store (SQLite, or a new schema of `--postgres URL`) with N mapped events in SQL (each with its
sale delivery and its ids: event, invoice, customer), then times the release binary's `show` and
`events --search` for ids spread over the store, and the index query alone. Prints figures;
asserts nothing.

    python3 scripts/bench-find.py .build/release/billing-bridge [--events 1000000] [--postgres URL]
"""
import argparse, json, os, random, sqlite3, statistics, subprocess, sys, tempfile, time, uuid
from bridge_process import REPO, free_port, start as start_service

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--events", type=int, default=1_000_000)
parser.add_argument("--postgres", metavar="URL")
parser.add_argument("--lookups", type=int, default=20)
args = parser.parse_args()
binary = os.path.abspath(args.binary)
work = tempfile.mkdtemp()
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"), BRIDGE_LOG_LEVEL="error",
           STRIPE_WEBHOOK_SECRET="whsec_bench")
env.pop("FIRSTPROMOTER_API_KEY", None)
if args.postgres:
    schema = "find_" + uuid.uuid4().hex[:12]
    env["BRIDGE_DATABASE_URL"] = f"{args.postgres}{'&' if '?' in args.postgres else '?'}schema={schema}&sslmode=disable"

# The service creates and migrates the store, then stops.
port = free_port()
env["BRIDGE_PORT"] = str(port)
server = start_service(binary, work, env, port)
server.terminate()
server.wait(timeout=15)

n = args.events
body = '{"id":"evt_find_%d","object":"event","type":"invoice.paid","data":{"object":{"id":"in_find_%d","customer":"cus_find_%d"}}}'
started = time.perf_counter()
if args.postgres:
    def psql(sql):
        return subprocess.run(["psql", args.postgres, "-qAtc", f"SET search_path = {schema}; {sql}"], check=True,
                              capture_output=True, text=True).stdout
    psql(f"""
        INSERT INTO events (id, provider, event_id, event_type, occurred_at, received_at, body, headers, state)
        SELECT g, 'stripe', 'evt_find_' || g, 'invoice.paid', 1700000000000 + g, 1700000000000 + g,
            convert_to(format('{body.replace("%d", "%s")}', g, g, g), 'UTF8'), '{{}}', 'mapped' FROM generate_series(1, {n}) g;
        INSERT INTO deliveries (id, event_row, endpoint, fp_event_id, call, status, next_attempt_at, created_at, updated_at, queued_at)
        SELECT g, g, 'sale', 'in_find_' || g, '{{"endpoint":"sale","eventID":"in_find_' || g || '","parameters":[]}}', 'delivered',
            1700000000000 + g, 1700000000000 + g, 1700000000000 + g, 1700000000000 + g FROM generate_series(1, {n}) g;
        INSERT INTO event_ids (id, event_row) SELECT unnest(ARRAY['evt_find_' || g, 'in_find_' || g, 'cus_find_' || g]), g
            FROM generate_series(1, {n}) g;
        SELECT setval(pg_get_serial_sequence('events', 'id'), {n});
        SELECT setval(pg_get_serial_sequence('deliveries', 'id'), {n});
        ANALYZE events; ANALYZE deliveries; ANALYZE event_ids;""")
else:
    db = sqlite3.connect(os.path.join(work, "data", "bridge.sqlite"))
    db.execute("PRAGMA synchronous = OFF")
    batch = 100_000
    for start in range(1, n + 1, batch):
        rows = range(start, min(start + batch, n + 1))
        db.executemany("INSERT INTO events (id, provider, event_id, event_type, occurred_at, received_at, body, headers, state) "
                       "VALUES (?, 'stripe', ?, 'invoice.paid', ?, ?, ?, '{}', 'mapped')",
                       ((g, f"evt_find_{g}", 1700000000000 + g, 1700000000000 + g, (body % (g, g, g)).encode()) for g in rows))
        db.executemany("INSERT INTO deliveries (id, event_row, endpoint, fp_event_id, call, status, next_attempt_at, created_at, "
                       "updated_at, queued_at) VALUES (?, ?, 'sale', ?, ?, 'delivered', ?, ?, ?, ?)",
                       ((g, g, f"in_find_{g}", json.dumps({"endpoint": "sale", "eventID": f"in_find_{g}", "parameters": []}),
                         1700000000000 + g, 1700000000000 + g, 1700000000000 + g, 1700000000000 + g) for g in rows))
        db.executemany("INSERT INTO event_ids (id, event_row) VALUES (?, ?)",
                       ((f"{kind}_find_{g}", g) for g in rows for kind in ("evt", "in", "cus")))
        db.commit()
    db.execute("ANALYZE")
    db.commit()
filled = time.perf_counter() - started


def timed(command):
    begin = time.perf_counter()
    result = subprocess.run([binary] + command, cwd=work, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - begin) * 1000
    return elapsed, result


random.seed(7)
targets = [random.randint(1, n) for _ in range(args.lookups)]
report = {}
for name, command in [("show INVOICE_ID", lambda k: ["show", f"in_find_{k}"]), ("show CUSTOMER_ID", lambda k: ["show", f"cus_find_{k}"]),
                      ("events --search INVOICE_ID", lambda k: ["events", "--search", f"in_find_{k}"])]:
    times = []
    for k in targets:
        elapsed, result = timed(command(k))
        if result.returncode != 0 or f"evt_find_{k}" not in result.stdout:
            sys.exit(f"{name} for {k} did not find it: {result.returncode} {result.stdout[:200]} {result.stderr[:200]}")
        times.append(elapsed)
    report[name] = times
baseline = [timed(["summary", "--help"])[0] for _ in range(5)]

# The index query alone, in the database.
query_times = []
for k in targets:
    sql = ("SELECT * FROM events WHERE id IN (SELECT event_row FROM event_ids WHERE id = 'in_find_%d' "
           "UNION SELECT event_row FROM deliveries WHERE fp_event_id = 'in_find_%d') ORDER BY id DESC LIMIT 10") % (k, k)
    if args.postgres:
        plan = psql(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        query_times.append(json.loads(plan)[0]["Execution Time"])
    else:
        begin = time.perf_counter()
        db.execute(sql).fetchall()
        query_times.append((time.perf_counter() - begin) * 1000)

p = lambda values, q: sorted(values)[min(len(values) - 1, int(q * len(values)))]
print(f"store {'PostgreSQL' if args.postgres else 'SQLite'}: {n} events (each with a delivery and 3 ids) filled in {filled:.0f} s")
for name, times in report.items():
    print(f"{name}: p50 {p(times, 0.5):.0f} ms, p95 {p(times, 0.95):.0f} ms, max {max(times):.0f} ms (the whole command, process start included)")
print(f"the process alone (summary --help): p50 {statistics.median(baseline):.0f} ms")
print(f"the index query in the database: p50 {p(query_times, 0.5):.2f} ms, max {max(query_times):.2f} ms")
