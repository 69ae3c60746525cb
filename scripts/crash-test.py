#!/usr/bin/env python3
"""Crash test: a built billing-bridge is killed with SIGKILL twice in the middle of a stream of
signed webhooks, while a fake FirstPromoter fails a share of calls with 503, and restarted on the
same SQLite file. The webhook senders act as providers do: whatever was not answered 200 is sent
again. Checks that every accepted event reached FirstPromoter and that no event_id was tracked
twice (the fake answers a repeated event_id 409, as FirstPromoter does, and counts it). Exits
non-zero on any loss or double count; prints the figures.

    python3 scripts/crash-test.py .build/release/billing-bridge [--events 300]
"""
import argparse, os, signal, sqlite3, sys, tempfile, threading, time, urllib.parse
from bridge_process import REPO, fake_firstpromoter, free_port, invoice, post_stripe, start as start_service

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--events", type=int, default=300)
parser.add_argument("--senders", type=int, default=4)
args = parser.parse_args()

secret = "whsec_crash"
work = tempfile.mkdtemp()

# The fake FirstPromoter: every fourth call 503; a repeated event_id 409, as the real one does.
lock = threading.Lock()
tracked, repeats, failures, calls = {}, 0, 0, 0


def answer(_, body):
    global repeats, failures, calls
    event_id = urllib.parse.parse_qs(body).get("event_id", [""])[0]
    with lock:
        calls += 1
        if calls % 4 == 0:
            failures += 1
            return 503, b'{"error":"unavailable"}'
        if event_id in tracked:
            repeats += 1
            return 409, b'{"message":"already exists"}'
        tracked[event_id] = tracked.get(event_id, 0) + 1
        return 200, b'{"id":1}'


fp, fp_port = fake_firstpromoter(answer)

port = free_port()
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
           BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"), BRIDGE_LOG_LEVEL="error",
           FIRSTPROMOTER_API_KEY="fp_crash", FIRSTPROMOTER_BASE_URL=f"http://127.0.0.1:{fp_port}",
           BRIDGE_RETRY_SCHEDULE="50ms,100ms,200ms", FIRSTPROMOTER_RATE_LIMIT="60000",
           # A killed worker's claims are taken over after the call timeout + 5 s.
           FIRSTPROMOTER_TIMEOUT_SECONDS="3")


def start():
    return start_service(args.binary, work, env, port)


accepted = set()


def send(indices):
    """Posts each event until it is answered 200, as a provider retries."""
    for i in indices:
        while True:
            try:
                if post_stripe(port, secret, invoice("crash", i), timeout=5)[0] == 200:
                    with lock:
                        accepted.add(i)
                    break
            except OSError:
                pass
            time.sleep(0.05)


server = start()
started = time.perf_counter()
senders = [threading.Thread(target=send, args=(range(k, args.events, args.senders),)) for k in range(args.senders)]
for thread in senders:
    thread.start()
kills = 0
for threshold in (args.events // 3, 2 * args.events // 3):
    while len(accepted) < threshold:
        time.sleep(0.005)
    server.send_signal(signal.SIGKILL)
    server.wait()
    kills += 1
    time.sleep(0.3)
    server = start()
for thread in senders:
    thread.join()

expected = {f"in_crash_{i}" for i in range(args.events)}
deadline = time.time() + 120
while time.time() < deadline and not expected <= set(tracked):
    time.sleep(0.1)
elapsed = time.perf_counter() - started
server.terminate()
server.wait(timeout=15)
fp.shutdown()

db = sqlite3.connect(os.path.join(work, "data", "bridge.sqlite"))
states = dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())
missing = sorted(expected - set(tracked))
twice = sorted(event for event, count in tracked.items() if count > 1)
print(f"events {args.events}, SIGKILLs {kills}, accepted {len(accepted)}, tracked {len(set(tracked) & expected)}, "
      f"503s {failures}, repeats answered 409 {repeats}, deliveries {states}, {elapsed:.1f} s")
if missing or twice or len(accepted) != args.events:
    sys.exit(f"LOST {missing[:10]}{'...' if len(missing) > 10 else ''} / TRACKED TWICE {twice[:10]}")
print("crash test: every accepted event reached FirstPromoter once")
