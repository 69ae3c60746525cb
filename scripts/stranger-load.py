#!/usr/bin/env python3
"""What strangers cost a built billing-bridge: memory held by senders of stalled unverified bodies,
the CPU of forged form floods, and `/metrics` under requests to made-up provider names. Prints
figures; asserts nothing (the tests that would fail are BoundedInputServerTests).

    swift build -c release --product billing-bridge
    python3 scripts/stranger-load.py .build/release/billing-bridge [--stalled 400]

Stalled senders come from many loopback addresses (127.0.0.2 to .251), so that both the per-peer
budget (BRIDGE_UNVERIFIED_BYTES_PER_PEER, 429) and the global one (BRIDGE_UNVERIFIED_BYTES, 503)
are met. Each declares a 1 MiB body, sends all but 100 bytes of it, and waits.
"""
import argparse, http.client, os, socket, tempfile, time, urllib.parse

import bridge_process

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--stalled", type=int, default=400)
args = parser.parse_args()

work = tempfile.mkdtemp()
port = bridge_process.free_port()
secret = "whsec_strangers"
env = dict(os.environ, BRIDGE_PORT=str(port), BRIDGE_HOST="127.0.0.1", BRIDGE_DATABASE_URL=f"sqlite://{work}/bridge.sqlite",
           STRIPE_WEBHOOK_SECRET=secret, BRAINTREE_PUBLIC_KEY="public", BRAINTREE_PRIVATE_KEY="private",
           BRIDGE_MAPPINGS_DIR="builtin", BRIDGE_LOG_LEVEL="error", BRIDGE_BODY_TIMEOUT_SECONDS="60")
server = bridge_process.start(args.binary, work, env, port)


def rss_mib():
    with open(f"/proc/{server.pid}/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


def cpu_seconds():
    with open(f"/proc/{server.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_webhook(index):
    started = time.monotonic()
    status, _ = bridge_process.post_stripe(port, secret, bridge_process.invoice("strangers", index))
    return status, (time.monotonic() - started) * 1000


print(f"RSS at start: {rss_mib()} MiB")

# 1. Stalled unverified bodies.
head = b"POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: 1048576\r\n\r\n"
chunk = b"a" * ((1 << 20) - 100)
senders = []
for index in range(args.stalled):
    sender = socket.socket()
    sender.bind((f"127.0.0.{2 + index % 250}", 0))
    sender.connect(("127.0.0.1", port))
    sender.sendall(head)
    sender.setblocking(False)
    try:
        sender.send(chunk)
    except BlockingIOError:
        pass
    senders.append(sender)
time.sleep(3)
answers = {}
for sender in senders:
    try:
        data = sender.recv(64)
        answer = data.split(b" ")[1].decode() if data else "closed"
    except BlockingIOError:
        answer = "still held"
    except OSError as error:
        answer = type(error).__name__
    answers[answer] = answers.get(answer, 0) + 1
print(f"{args.stalled} senders of stalled 1 MiB bodies, after 3 s: {answers}; RSS {rss_mib()} MiB")
status, ms = timed_webhook(1)
print(f"a real webhook meanwhile: {status} in {ms:.1f} ms")
for sender in senders:
    sender.close()
time.sleep(1)
print(f"RSS after they left: {rss_mib()} MiB")

# 2. Forged Braintree forms of 80,000 fields (under the 1 MiB limit).
form = "&".join(f"f{i}={i}" for i in range(80_000)) + "&bt_signature=public%7C00&bt_payload=AAAA"
before = cpu_seconds()
for _ in range(20):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/webhooks/braintree", form, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
print(f"20 forged {len(form) / 1e6:.2f} MB forms of 80,000 fields: answered {response.status}, "
      f"{(cpu_seconds() - before) / 20 * 1000:.1f} ms of server CPU each")

# 3. Made-up provider names.
for index in range(2000):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/webhooks/" + urllib.parse.quote(f"made-up-{index}-" + "x" * (index % 200)), b"{}")
    connection.getresponse().read()
status, metrics = bridge_process.get(port, "/metrics")
print(f"/metrics after 2000 posts to made-up provider names: {len(metrics)} bytes, {metrics.count(b'made-up')} mentions of them")
server.terminate()
server.wait()
