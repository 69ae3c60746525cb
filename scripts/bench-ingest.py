#!/usr/bin/env python3
"""Ingest benchmark: how fast a built billing-bridge verifies and durably stores signed webhooks
on loopback, and how soon they are all mapped. Prints figures; asserts nothing.

    swift build -c release --product billing-bridge
    python3 scripts/bench-ingest.py .build/release/billing-bridge [--events 2000] [--clients 8] [--provider braintree]

`--provider stripe` (the default) posts JSON invoices signed with HMAC-SHA256; `braintree` posts
form bodies of base64 XML signed with HMAC-SHA1, to time the XML path.

Runs dry (no FirstPromoter key), on a throwaway SQLite file with fully synced commits, so the
figures are receive + verify + commit + map, not FirstPromoter's latency. With
`--postgres URL` (e.g. "$POSTGRES_TEST_URL"), on a new schema of that PostgreSQL database instead.
"""
import argparse, hashlib, hmac, http.client, json, os, socket, sqlite3, subprocess, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--events", type=int, default=2000)
parser.add_argument("--clients", type=int, default=8)
parser.add_argument("--provider", choices=["stripe", "braintree"], default="stripe")
parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to use (a new schema in it) instead of SQLite")
parser.add_argument("--forged-clients", type=int, default=0,
                    help="clients that keep posting forged 1 MB bodies with 16 bad signatures meanwhile")
args = parser.parse_args()

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
template = json.load(open(os.path.join(repo, "Tests/Fixtures/stripe/invoice.paid.basil-tax-discount.json")))
secret = "whsec_bench"
work = tempfile.mkdtemp()
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
           BRAINTREE_PUBLIC_KEY="bench_public", BRAINTREE_PRIVATE_KEY=secret,
           BRIDGE_MAPPINGS_DIR=os.path.join(repo, "mappings"), BRIDGE_LOG_LEVEL="warning")
env.pop("FIRSTPROMOTER_API_KEY", None)
if args.postgres:
    import uuid
    schema = "bench_" + uuid.uuid4().hex[:12]
    env["BRIDGE_DATABASE_URL"] = f"{args.postgres}{'&' if '?' in args.postgres else '?'}schema={schema}&sslmode=disable"


def count(sql):
    """One number from the store, through psql for PostgreSQL."""
    if not args.postgres:
        return db.execute(sql).fetchone()[0]
    output = subprocess.run(["psql", args.postgres, "-qAtc", f"SET search_path = {schema}; {sql}"], check=True, capture_output=True, text=True)
    return int(output.stdout.strip().splitlines()[-1])

server = subprocess.Popen([os.path.abspath(args.binary), "serve"], cwd=work, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def body(i):
    if args.provider == "braintree":
        return braintree_body(i)
    event = json.loads(json.dumps(template))
    event["id"] = f"evt_bench_{i}"
    event["data"]["object"]["id"] = f"in_bench_{i}"
    return json.dumps(event, indent=2).encode()


def braintree_body(i):
    """A subscription charge as Braintree's server writes it, signed as its SDKs sign."""
    import base64, urllib.parse
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><notification><timestamp type="datetime">2025-11-24T16:00:05Z</timestamp>'
           f'<kind>subscription_charged_successfully</kind><subject><subscription><id>sub_{i}</id><plan-id>pro</plan-id>'
           f'<billing-period-start-date type="date">2025-11-24</billing-period-start-date>'
           f'<billing-period-end-date type="date">2025-12-23</billing-period-end-date><transactions type="array">'
           f'<transaction><id>txn_{i}</id><status>settled</status><amount>96.00</amount><tax-amount>16.00</tax-amount>'
           f'<currency-iso-code>USD</currency-iso-code><created-at type="datetime">2025-11-24T16:00:00Z</created-at>'
           f'<customer><id>cus_{i}</id><email>c{i}@example.com</email></customer></transaction></transactions>'
           f'</subscription></subject></notification>')
    payload = base64.encodebytes(xml.encode()).decode()
    key = hashlib.sha1(secret.encode()).digest()
    signature = "bench_public|" + hmac.new(key, payload.encode(), hashlib.sha1).hexdigest()
    return urllib.parse.urlencode({"bt_signature": signature, "bt_payload": payload}).encode()


bodies = [body(i) for i in range(args.events)]
for _ in range(100):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
        break
    except OSError:
        time.sleep(0.1)

latencies, failures, lock = [], [], threading.Lock()


def client(indices):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in indices:
        if args.provider == "braintree":
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        else:
            t = int(time.time())
            sig = hmac.new(secret.encode(), f"{t}.".encode() + bodies[i], hashlib.sha256).hexdigest()
            headers = {"Stripe-Signature": f"t={t},v1={sig}", "Content-Type": "application/json"}
        start = time.perf_counter()
        conn.request("POST", f"/webhooks/{args.provider}", bodies[i], headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            if response.status != 200:
                failures.append(response.status)


flooding = threading.Event()
forged_sent = [0]


def forger():
    """A hostile sender: 1 MB bodies under 16 wrong signatures, as fast as the server answers."""
    forged = b'{"id":"evt_forged","pad":"' + b"x" * (1 << 20) + b'"}'
    header = f"t={int(time.time())}," + ",".join(["v1=" + "0" * 64] * 16)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not flooding.is_set():
        try:
            conn.request("POST", "/webhooks/stripe", forged, {"Stripe-Signature": header, "Content-Type": "application/json"})
            conn.getresponse().read()
            with lock:
                forged_sent[0] += 1
        except OSError:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def server_cpu():
    """CPU seconds the server has used so far (user + system)."""
    fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


forgers = [threading.Thread(target=forger) for _ in range(args.forged_clients)]
cpu_start, client_start = server_cpu(), time.process_time()
for thread in forgers: thread.start()
start = time.perf_counter()
threads = [threading.Thread(target=client, args=(range(k, args.events, args.clients),)) for k in range(args.clients)]
for thread in threads: thread.start()
for thread in threads: thread.join()
received = time.perf_counter() - start
cpu_received, client_received = server_cpu(), time.process_time()
flooding.set()
for thread in forgers: thread.join()

db = None if args.postgres else sqlite3.connect(os.path.join(work, "data", "bridge.sqlite"), timeout=10)
while count("SELECT count(*) FROM events WHERE state = 'received'") > 0:
    time.sleep(0.05)
mapped = time.perf_counter() - start
cpu_mapped = server_cpu()
stored = count("SELECT count(*) FROM events")
deliveries = count("SELECT count(*) FROM deliveries")
rss_kb = int(open(f"/proc/{server.pid}/status").read().split("VmRSS:")[1].split()[0])
server.terminate()
server.wait(timeout=15)

latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
print(f"store {'PostgreSQL' if args.postgres else 'SQLite'}, provider {args.provider}, events {args.events}, clients {args.clients}, non-200 answers {len(failures)}, stored {stored}, outbox rows {deliveries}")
print(f"received and committed: {received:.2f} s, {args.events / received:.0f} webhooks/s")
if args.forged_clients:
    print(f"meanwhile {args.forged_clients} forged clients sent {forged_sent[0]} forged 1 MB webhooks "
          f"({forged_sent[0] / received:.0f}/s), each refused")
print(f"latency per webhook: p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
print(f"all mapped to outbox rows after {mapped:.2f} s")
print(f"CPU while receiving: server {cpu_received - cpu_start:.2f} s, this client {client_received - client_start:.2f} s "
      f"(of {received * os.cpu_count():.2f} s on {os.cpu_count()} cores); server total to mapped {cpu_mapped - cpu_start:.2f} s, "
      f"{(cpu_mapped - cpu_start) / args.events * 1e6:.0f} µs a webhook")
print(f"server resident memory at the end: {rss_kb / 1024:.0f} MiB")
