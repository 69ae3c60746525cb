#!/usr/bin/env python3
"""PostgreSQL fault test: a built billing-bridge on a PostgreSQL server of its own (started with
scripts/test-postgres on another port), while signed webhooks stream in; the server is stopped
mid-stream and started again. Checks that while it is down webhooks get 503 (never a 200 for
an event that was not committed) and /readyz 503, that the bridge recovers by itself with no
restart, and that every event answered 200 is stored once and mapped. Exits 1 on a failure.

    python3 scripts/postgres-fault-test.py .build/release/billing-bridge [--events 400]
"""
import argparse, collections, os, subprocess, sys, tempfile, threading, time
from bridge_process import REPO, free_port, get, invoice, post_stripe, start as start_service

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--events", type=int, default=400)
args = parser.parse_args()

pg_port = free_port()
# Under the temporary folder itself: the server runs as another user, who cannot enter a private mkdtemp folder.
pg_env = dict(os.environ, POSTGRES_TEST_PORT=str(pg_port),
              POSTGRES_TEST_DATA=os.path.join(tempfile.gettempdir(), f"billing-bridge-pgfault-{os.getpid()}"))
script = os.path.join(REPO, "scripts", "test-postgres")


def postgres(action):
    return subprocess.run([script, action], env=pg_env, check=True, capture_output=True, text=True).stdout.strip()


url = postgres("start")
secret = "whsec_pgfault"
port = free_port()
work = tempfile.mkdtemp()
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
           BRIDGE_DATABASE_URL=f"{url}?sslmode=disable&pool_size=4", BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"),
           BRIDGE_LOG_LEVEL="error")
env.pop("FIRSTPROMOTER_API_KEY", None)
server = start_service(args.binary, work, env, port, log=open(os.path.join(work, "bridge.log"), "ab"))

lock = threading.Lock()
accepted, answers, down = set(), collections.Counter(), threading.Event()
answers_while_down = collections.Counter()


def send(indices):
    for i in indices:
        while True:
            # Counted as "while down" only when sent after the server had stopped.
            sent_down = down.is_set()
            try:
                status, _ = post_stripe(port, secret, invoice("pgfault", i), timeout=30)
            except OSError:
                status = 0
            with lock:
                answers[status] += 1
                if sent_down and down.is_set():
                    answers_while_down[status] += 1
                if status == 200:
                    accepted.add(i)
            if status == 200:
                break
            time.sleep(0.1)


senders = [threading.Thread(target=send, args=(range(k, args.events, 4),)) for k in range(4)]
for thread in senders:
    thread.start()
while len(accepted) < args.events // 3:
    time.sleep(0.01)
postgres("stop")
down.set()
time.sleep(3)
asked = time.perf_counter()
readiness_down = get(port, "/readyz", timeout=15)[0]
readiness_seconds = time.perf_counter() - asked
health_down = get(port, "/healthz")[0]
accepted_while_down = len(accepted)
time.sleep(6)
down.clear()
postgres("start")
restarted = time.perf_counter()
ready_after = None
while time.perf_counter() - restarted < 60:
    if get(port, "/readyz", timeout=15)[0] == 200:
        ready_after = time.perf_counter() - restarted
        break
    time.sleep(0.1)
for thread in senders:
    thread.join()


def count(sql):
    output = subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True).stdout
    return int(output.strip())


deadline = time.time() + 60
while time.time() < deadline and count("SELECT count(*) FROM events WHERE state = 'received'") > 0:
    time.sleep(0.2)
stored = count("SELECT count(*) FROM events WHERE event_id LIKE 'evt_pgfault_%'")
mapped = count("SELECT count(*) FROM events WHERE event_id LIKE 'evt_pgfault_%' AND state = 'mapped'")
alive = server.poll() is None
server.terminate()
server.wait(timeout=15)
postgres("stop")

print(f"events {args.events}, answers {dict(answers)}; while PostgreSQL was down: {dict(answers_while_down)}, "
      f"/readyz {readiness_down} in {readiness_seconds:.1f} s, /healthz {health_down}; ready again {ready_after if ready_after is None else round(ready_after, 1)} s "
      f"after it started; stored {stored}, mapped {mapped}; the bridge {'kept running' if alive else 'EXITED'}")
problems = []
if not answers[503]:
    problems.append("no webhook was answered 503 while the database was down")
if answers_while_down[200]:
    problems.append(f"{answers_while_down[200]} answers of 200 while the database was down")
if readiness_down != 503:
    problems.append(f"/readyz answered {readiness_down} while the database was down")
if ready_after is None:
    problems.append("never ready again")
if len(accepted) != args.events or stored != args.events or mapped != args.events:
    problems.append(f"accepted {len(accepted)}, stored {stored}, mapped {mapped} of {args.events}")
if not alive:
    problems.append("the bridge exited")
if problems:
    print(f"log: {work}/bridge.log")
    sys.exit("postgres fault test: " + "; ".join(problems))
print("postgres fault test: 503 while down, never a 200; recovered by itself; every accepted event stored once and mapped")
