#!/usr/bin/env python3
"""Ingest benchmark: how fast a built billing-bridge verifies and durably stores signed Stripe
webhooks on loopback, and how soon they are all mapped. Prints figures; asserts nothing.

    swift build -c release --product billing-bridge
    python3 scripts/bench-ingest.py .build/release/billing-bridge [--events 2000] [--clients 8]

Runs dry (no FirstPromoter key), on a throwaway SQLite file with fully synced commits, so the
figures are receive + verify + commit + map, not FirstPromoter's latency.
"""
import argparse, hashlib, hmac, http.client, json, os, socket, sqlite3, subprocess, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--events", type=int, default=2000)
parser.add_argument("--clients", type=int, default=8)
args = parser.parse_args()

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
template = json.load(open(os.path.join(repo, "Tests/Fixtures/stripe/invoice.paid.basil-tax-discount.json")))
secret = "whsec_bench"
work = tempfile.mkdtemp()
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
           BRIDGE_MAPPINGS_DIR=os.path.join(repo, "mappings"), BRIDGE_LOG_LEVEL="warning")
env.pop("FIRSTPROMOTER_API_KEY", None)
server = subprocess.Popen([os.path.abspath(args.binary), "serve"], cwd=work, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def body(i):
    event = json.loads(json.dumps(template))
    event["id"] = f"evt_bench_{i}"
    event["data"]["object"]["id"] = f"in_bench_{i}"
    return json.dumps(event, indent=2).encode()


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
        t = int(time.time())
        sig = hmac.new(secret.encode(), f"{t}.".encode() + bodies[i], hashlib.sha256).hexdigest()
        start = time.perf_counter()
        conn.request("POST", "/webhooks/stripe", bodies[i],
                     {"Stripe-Signature": f"t={t},v1={sig}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            if response.status != 200:
                failures.append(response.status)


start = time.perf_counter()
threads = [threading.Thread(target=client, args=(range(k, args.events, args.clients),)) for k in range(args.clients)]
for thread in threads: thread.start()
for thread in threads: thread.join()
received = time.perf_counter() - start

db = sqlite3.connect(os.path.join(work, "data", "bridge.sqlite"), timeout=10)
while db.execute("SELECT count(*) FROM events WHERE state = 'received'").fetchone()[0] > 0:
    time.sleep(0.05)
mapped = time.perf_counter() - start
stored = db.execute("SELECT count(*) FROM events").fetchone()[0]
deliveries = db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
rss_kb = int(open(f"/proc/{server.pid}/status").read().split("VmRSS:")[1].split()[0])
server.terminate()
server.wait(timeout=15)

latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
print(f"events {args.events}, clients {args.clients}, non-200 answers {len(failures)}, stored {stored}, outbox rows {deliveries}")
print(f"received and committed: {received:.2f} s, {args.events / received:.0f} webhooks/s")
print(f"latency per webhook: p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
print(f"all mapped to outbox rows after {mapped:.2f} s")
print(f"server resident memory at the end: {rss_kb / 1024:.0f} MiB")
