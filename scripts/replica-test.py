#!/usr/bin/env python3
"""Replica test: three billing-bridge processes on one PostgreSQL database (a schema of their
own in POSTGRES_TEST_URL's), started together on the new schema. Signed webhooks of three
providers (Stripe sales; Chargebee sales, refunds and cancellations; Paddle sales and refunds)
are each sent to two replicas at once, as a retrying provider behind a load balancer might;
a fake FirstPromoter fails a fifth of the calls with 503 and enforces the configured rate. One
replica is killed with SIGKILL mid-stream and started again. Checks that every sale, refund and
cancellation reached FirstPromoter exactly once (a call in flight at the kill may be sent again
and answered 409, as FirstPromoter does), that each refund came after its sale, and that the
deployment's calls stayed within the configured rate. Prints the figures; exits 1 on a failure.

    POSTGRES_TEST_URL=postgres://... python3 scripts/replica-test.py .build/release/billing-bridge [--pairs 300]
"""
import argparse, base64, collections, hashlib, hmac, json, os, signal, subprocess, sys, tempfile, threading, time, urllib.parse, uuid
import http.client
from bridge_process import REPO, fake_firstpromoter, free_port, invoice, start as start_service, stripe_headers

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--pairs", type=int, default=300, help="Chargebee and Paddle sale+refund pairs, and Stripe sales, of each")
parser.add_argument("--rate", type=int, default=6000, help="FIRSTPROMOTER_RATE_LIMIT, calls a minute for the whole deployment")
args = parser.parse_args()
url = os.environ.get("POSTGRES_TEST_URL") or sys.exit("replica test: set POSTGRES_TEST_URL (scripts/test-postgres start)")

schema = "replica_" + uuid.uuid4().hex[:12]
separator = "&" if "?" in url else "?"
database_url = f"{url}{separator}schema={schema}&sslmode=disable&pool_size=8"
stripe_secret, paddle_secret, chargebee_password = "whsec_replica", "pdl_replica_secret", "replica password"
fixtures = os.path.join(REPO, "Tests", "Fixtures")


def fixture(provider, name):
    return open(os.path.join(fixtures, provider, name + ".json")).read()


def templated(text, replacements):
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text.encode()


# Each webhook: (provider, body, the FirstPromoter call it must make as (endpoint, event_id), the sale a refund follows).
webhooks = []
chargebee_sale, chargebee_refund = fixture("chargebee", "payment_succeeded.taxed-referred"), fixture("chargebee", "payment_refunded.linked")
chargebee_cancel = fixture("chargebee", "subscription_cancelled")
paddle_sale, paddle_refund = fixture("paddle", "transaction.completed.subscription"), fixture("paddle", "adjustment.updated.refund-approved")
for i in range(args.pairs):
    webhooks.append(("stripe", invoice("replica", i), ("sale", f"in_replica_{i}"), None))
    webhooks.append(("chargebee", templated(chargebee_sale, {"ev_taxed0000000001": f"ev_cs_{i}", "txn_taxed0000000001": f"txn_cs_{i}"}),
                     ("sale", f"txn_cs_{i}"), None))
    webhooks.append(("chargebee", templated(chargebee_refund, {
        "ev_refund000000001": f"ev_cr_{i}", "txn_refund000000001": f"txn_cr_{i}", "txn_taxed0000000001": f"txn_cs_{i}"}),
        ("refund", f"txn_cr_{i}"), f"txn_cs_{i}"))
    if i % 3 == 0:
        webhooks.append(("chargebee", templated(chargebee_cancel, {"ev_16BgX7SC8QzzQ4nbm": f"ev_cc_{i}", "AzqgumSAxXl3xAxW": f"sub_cc_{i}"}),
                         ("cancellation", f"sub_cc_{i}"), None))
    txn = f"txn_01replica{i:018d}"
    webhooks.append(("paddle", templated(paddle_sale, {"evt_01h8subscription0000000000": f"evt_ps_{i}", "txn_01h8dzxgkvdwemdhbpcapj2tbj": txn}),
                     ("sale", txn), None))
    webhooks.append(("paddle", templated(paddle_refund, {
        "evt_01h8refund00000000000000000": f"evt_pr_{i}", "adj_01h8refund0000000000000000": f"adj_replica_{i}",
        "txn_01h8dzxgkvdwemdhbpcapj2tbj": txn}), ("refund", f"adj_replica_{i}"), txn))
expected = {call for _, _, call, _ in webhooks}
follows = {call[1]: sale for _, _, call, sale in webhooks if sale}


def headers(provider, body):
    if provider == "stripe":
        return stripe_headers(stripe_secret, body)
    if provider == "paddle":
        t = int(time.time())
        signature = hmac.new(paddle_secret.encode(), f"{t}:".encode() + body, hashlib.sha256).hexdigest()
        return {"Paddle-Signature": f"ts={t};h1={signature}", "Content-Type": "application/json"}
    credentials = base64.b64encode(f"chargebee:{chargebee_password}".encode()).decode()
    return {"Authorization": f"Basic {credentials}", "Content-Type": "application/json"}


# The fake FirstPromoter: a fifth of calls 503; a repeated event_id 409, as the real one does; a
# refund whose sale it has not tracked is recorded as out of order.
lock = threading.Lock()
tracked, repeats, failures, out_of_order, times = collections.Counter(), 0, 0, [], []


def answer(path, body):
    global repeats, failures
    form = urllib.parse.parse_qs(body)
    event_id = form.get("event_id", [""])[0]
    endpoint = path.rstrip("/").rsplit("/", 1)[-1]
    with lock:
        times.append(time.monotonic())
        if len(times) % 5 == 0:
            failures += 1
            return 503, b'{"error":"unavailable"}'
        if tracked[(endpoint, event_id)]:
            repeats += 1
            return 409, b'{"message":"already exists"}'
        if endpoint == "refund" and not tracked[("sale", follows.get(event_id, ""))]:
            out_of_order.append(event_id)
        tracked[(endpoint, event_id)] += 1
        return 200, b'{"id":1}'


fp, fp_port = fake_firstpromoter(answer)
work = tempfile.mkdtemp()
ports = [free_port() for _ in range(3)]


def environment(port):
    return dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), BRIDGE_DATABASE_URL=database_url,
                BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"), BRIDGE_LOG_LEVEL="error",
                STRIPE_WEBHOOK_SECRET=stripe_secret, PADDLE_WEBHOOK_SECRET=paddle_secret, PADDLE_TOLERANCE_SECONDS="60",
                CHARGEBEE_WEBHOOK_USERNAME="chargebee", CHARGEBEE_WEBHOOK_PASSWORD=chargebee_password,
                FIRSTPROMOTER_API_KEY="fp_replica", FIRSTPROMOTER_BASE_URL=f"http://127.0.0.1:{fp_port}",
                BRIDGE_RETRY_SCHEDULE="50ms,100ms,200ms", FIRSTPROMOTER_RATE_LIMIT=str(args.rate),
                # A killed replica's claims are taken over after the call timeout + 5 s.
                FIRSTPROMOTER_TIMEOUT_SECONDS="3")


def start(index):
    return start_service(args.binary, work, environment(ports[index]), ports[index],
                         log=open(os.path.join(work, f"replica-{index}.log"), "ab"))


# Started together on the new schema: they migrate it once.
replicas = [None, None, None]
starters = [threading.Thread(target=lambda k=k: replicas.__setitem__(k, start(k))) for k in range(3)]
started = time.perf_counter()
for thread in starters:
    thread.start()
for thread in starters:
    thread.join()
if any(replica is None for replica in replicas):
    sys.exit("a replica did not start")

accepted, answers = set(), collections.Counter()


def post(port, provider, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", f"/webhooks/{provider}", body, headers(provider, body))
    response = connection.getresponse()
    reply = response.read()
    return response.status, reply


def deliver(index, webhook):
    """Sends one webhook to two replicas at once, again until one answers 200."""
    provider, body, _, _ = webhook
    pair = [ports[index % 3], ports[(index + 1) % 3]]
    while True:
        results = [None, None]

        def one(slot):
            try:
                results[slot] = post(pair[slot], provider, body)
            except OSError:
                results[slot] = (0, b"")

        threads = [threading.Thread(target=one, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with lock:
            for status, _ in results:
                answers[status] += 1
        if any(status == 200 for status, _ in results):
            with lock:
                accepted.add(index)
            return
        time.sleep(0.05)


def sender(indices):
    for index in indices:
        deliver(index, webhooks[index])


# Sales go out before their refunds (a provider's order), but senders interleave freely.
senders = [threading.Thread(target=sender, args=(range(k, len(webhooks), 6),)) for k in range(6)]
for thread in senders:
    thread.start()
while len(accepted) < len(webhooks) // 2:
    time.sleep(0.01)
replicas[1].send_signal(signal.SIGKILL)
replicas[1].wait()
killed_at = len(accepted)
time.sleep(0.5)
replicas[1] = start(1)
for thread in senders:
    thread.join()
sent_at = time.perf_counter()

deadline = time.time() + 300
while time.time() < deadline and not expected <= set(tracked):
    time.sleep(0.2)
elapsed = time.perf_counter() - started
for replica in replicas:
    replica.terminate()
for replica in replicas:
    replica.wait(timeout=20)
fp.shutdown()

missing = sorted(expected - set(tracked))
twice = sorted(call for call, count in tracked.items() if count > 1)
unexpected = sorted(set(tracked) - expected)
# The pace: no window of 10 s holds more calls than the limit allows in it (plus one a worker in flight).
window, allowed = 10.0, args.rate * 10 / 60 + 12
busiest, start_index = 0, 0
for end_index, moment in enumerate(times):
    while times[start_index] < moment - window:
        start_index += 1
    busiest = max(busiest, end_index - start_index + 1)
per_minute = len(times) / max(times[-1] - times[0], 1) * 60 if times else 0
kinds = collections.Counter(call[0] for call in expected)
print(f"webhooks {len(webhooks)} ({dict(collections.Counter(w[0] for w in webhooks))}), each to two replicas; "
      f"answers {dict(answers)}; replica 2 SIGKILLed after {killed_at} accepted and restarted")
print(f"calls expected {len(expected)} {dict(kinds)}, tracked {len(set(tracked) & expected)}, FirstPromoter calls {len(times)}, "
      f"503s {failures}, repeats answered 409 {repeats}; sent in {sent_at - started:.1f} s, all tracked after {elapsed:.1f} s")
print(f"pace: {per_minute:.0f} calls a minute on average, busiest 10 s {busiest} calls (limit {args.rate}/min: {args.rate / 6:.0f} per 10 s)")
problems = []
if missing:
    problems.append(f"LOST {missing[:10]}")
if twice:
    problems.append(f"TRACKED TWICE {twice[:10]}")
if unexpected:
    problems.append(f"UNEXPECTED CALLS {unexpected[:10]}")
if out_of_order:
    problems.append(f"REFUND BEFORE ITS SALE {out_of_order[:10]}")
if busiest > allowed:
    problems.append(f"OVER THE RATE: {busiest} calls in 10 s")
if problems:
    print(f"logs in {work}")
    sys.exit("replica test: " + "; ".join(problems))
print("replica test: every sale, refund and cancellation reached FirstPromoter once, refunds after their sales, within the rate")
