#!/usr/bin/env python3
"""Disk faults: a built billing-bridge keeps its SQLite file on a small tmpfs that fills up while
signed webhooks arrive, and later on a file system mounted read-only. Needs root (it mounts).

- Full: every webhook is answered 200 (on disk) or 503 with a JSON error (the provider sends it
  again); the service keeps serving, and /readyz says the disk is nearly full. Once the file system is grown, the refused webhooks are
  sent again as providers do, readiness comes back, and every event is stored once and mapped.
- Read-only: `serve` on a read-only file system exits at once, naming the database and the
  problem, instead of answering 200s it could not keep; once writable again, a restart finds
  every event it had accepted.

Exits non-zero on any loss, crash or wrong answer; prints the figures.

    sudo python3 scripts/disk-fault-test.py .build/release/billing-bridge
"""
import argparse, json, os, sqlite3, subprocess, sys, tempfile, threading, time
from bridge_process import REPO, free_port, get, invoice, post_stripe, start

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--senders", type=int, default=4)
args = parser.parse_args()

work = tempfile.mkdtemp()
disk = os.path.join(work, "disk")
os.mkdir(disk)
secret = "whsec_disk"


def mount(options):
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", disk] if "remount" not in options
                            else ["mount", "-o", options, disk], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mount -o {options} failed (this test needs root): {result.stderr.strip()}")


def fail(message):
    print(open(os.path.join(work, "log")).read()[-4000:])
    sys.exit(f"FAILED: {message}")


mount("size=512k")
try:
    port = free_port()
    env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
               BRIDGE_DATABASE_URL=f"sqlite://{disk}/bridge.sqlite", BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"),
               BRIDGE_LOG_LEVEL="warning", FIRSTPROMOTER_RATE_LIMIT="60000")
    env.pop("FIRSTPROMOTER_API_KEY", None)
    log = open(os.path.join(work, "log"), "ab")
    server = start(args.binary, work, env, port, log)

    # Full: senders post new events until the disk has refused a good number of them.
    answers, refused, lock, next_event = {}, [], threading.Lock(), [0]

    def send():
        while True:
            with lock:
                if len(refused) >= 40 or next_event[0] >= 3000:
                    return
                i = next_event[0]
                next_event[0] += 1
            status, body = post_stripe(port, secret, invoice("disk", i, pad=2000))
            with lock:
                answers[i] = status
                if status != 200:
                    refused.append((i, status, body))

    threads = [threading.Thread(target=send) for _ in range(args.senders)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    if not refused:
        fail(f"the 512 KiB disk never filled after {next_event[0]} webhooks")
    wrong = [(i, status, body) for i, status, body in refused if status != 503 or "error" not in json.loads(body)]
    if wrong:
        fail(f"a full disk answered something else than 503 with a JSON error: {wrong[:3]}")
    if server.poll() is not None:
        fail(f"the service died on a full disk (exit {server.returncode})")
    health, _ = get(port, "/healthz")
    ready_full, ready_body = get(port, "/readyz")
    if health != 200 or ready_full != 503:
        fail(f"on a full disk /healthz answered {health} (want 200) and /readyz {ready_full} (want 503)")
    accepted_full = sum(1 for status in answers.values() if status == 200)
    print(f"full: {len(answers)} webhooks, {accepted_full} answered 200, {len(refused)} answered 503; "
          f"/healthz {health}, /readyz {ready_full} {ready_body.decode()[:120]}")

    # Space comes back: the refused ones are sent again, as providers retry, until stored.
    mount("remount,size=64m")
    deadline = time.time() + 60
    for i, _, _ in refused:
        while True:
            status, body = post_stripe(port, secret, invoice("disk", i, pad=2000))
            if status == 200:
                answers[i] = 200
                break
            if time.time() > deadline:
                fail(f"evt_disk_{i} still refused a minute after the disk was grown: {status} {body[:200]}")
            time.sleep(0.2)
    while get(port, "/readyz")[0] != 200:
        if time.time() > deadline: fail("/readyz did not come back after the disk was grown")
        time.sleep(0.1)
    db_path = os.path.join(disk, "bridge.sqlite")
    expected = {f"evt_disk_{i}" for i in answers}
    while True:
        db = sqlite3.connect(db_path, timeout=10)
        stored = [row[0] for row in db.execute("SELECT event_id FROM events")]
        unmapped = db.execute("SELECT count(*) FROM events WHERE state != 'mapped'").fetchone()[0]
        db.close()
        if set(stored) == expected and unmapped == 0: break
        if time.time() > deadline:
            fail(f"after recovery: {len(expected - set(stored))} lost, {unmapped} not mapped")
        time.sleep(0.2)
    if len(stored) != len(set(stored)):
        fail("an event was stored twice")
    print(f"recovered: all {len(expected)} events stored once and mapped, /readyz 200")

    server.terminate()
    if server.wait(timeout=15) != 0:
        fail(f"exit {server.returncode} after SIGTERM")

    # Read-only: nothing is open now, so the file system can be remounted read-only.
    mount("remount,ro")
    started = subprocess.run([os.path.abspath(args.binary), "serve"], cwd=work, env=env, capture_output=True,
                             text=True, timeout=30)
    said = (started.stdout + started.stderr).strip().splitlines()
    if started.returncode == 0 or not any("bridge.sqlite" in line for line in said):
        fail(f"serve on a read-only disk: exit {started.returncode}, said {said[-3:]}")
    print(f"read-only: serve exited {started.returncode}: {said[-1][:200]}")
    mount("remount,rw")
    server = start(args.binary, work, env, port, log)
    status, body = post_stripe(port, secret, invoice("disk", "after"))
    server.terminate()
    server.wait(timeout=15)
    db = sqlite3.connect(db_path)
    kept = db.execute("SELECT count(*) FROM events").fetchone()[0]
    if status != 200 or kept != len(expected) + 1:
        fail(f"after the read-only start: answer {status}, {kept} events kept of {len(expected) + 1}")
    print(f"writable again: restarted, {kept} events kept, a new webhook answered 200")
    print("disk-fault test: nothing accepted was lost, nothing refused was answered 200")
finally:
    subprocess.run(["umount", "-l", disk])
