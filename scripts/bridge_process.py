"""What the scripts that drive a built billing-bridge share: a free loopback port, the service
started and waited for, and Stripe invoices signed as Stripe signs them."""
import hashlib, hmac, http.client, json, os, socket, subprocess, sys, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = json.load(open(os.path.join(REPO, "Tests/Fixtures/stripe/invoice.paid.basil-tax-discount.json")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, cwd, env, port, log=subprocess.DEVNULL):
    """Starts `serve` and returns once /healthz answers; exits the script if it never does."""
    server = subprocess.Popen([os.path.abspath(binary), "serve"], cwd=cwd, env=env, stdout=log, stderr=log)
    for _ in range(200):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"the service exited with {server.returncode} at start")
            time.sleep(0.05)
    sys.exit("the service did not start")


def invoice(prefix, i, pad=0):
    """A paid Stripe invoice with its own event and invoice ids; `pad` bytes of metadata make it bigger."""
    event = json.loads(json.dumps(TEMPLATE))
    event["id"] = f"evt_{prefix}_{i}"
    event["data"]["object"]["id"] = f"in_{prefix}_{i}"
    if pad:
        event["data"]["object"].setdefault("metadata", {})["pad"] = "x" * pad
    return json.dumps(event).encode()


def stripe_headers(secret, payload):
    t = int(time.time())
    signature = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={t},v1={signature}", "Content-Type": "application/json"}


def post_stripe(port, secret, payload, timeout=10):
    """Posts a signed Stripe webhook; returns (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("POST", "/webhooks/stripe", payload, stripe_headers(secret, payload))
    response = connection.getresponse()
    return response.status, response.read()


def get(port, path, timeout=5):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def fake_firstpromoter(answer):
    """A fake FirstPromoter on loopback: `answer(path, body)` gives each call's (status, JSON
    bytes). Returns the server (call .shutdown() at the end) and its port."""
    import http.server, threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            status, reply = answer(self.path, body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *_):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A caller killed mid-call (the crash and replica tests do that) is not an error here.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    port = free_port()
    server = Server(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port
