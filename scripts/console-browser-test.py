#!/usr/bin/env python3
"""The web console in a real browser (headless Chromium through Selenium): a built
billing-bridge with an admin token, a fake FirstPromoter that refuses the first sale (a dead
letter), then: sign in, find the invoice by its id, replay the dead letter, see it delivered.
Also checks that a form posted without its CSRF token is refused. Saves screenshots with
--screenshots DIR (the README shows the ones in Tests/Console/screenshots). Exits non-zero on
any failure.

    python3 scripts/console-browser-test.py .build/release/billing-bridge [--screenshots DIR]
"""
import argparse, json, os, sys, tempfile, time, urllib.error, urllib.request
from bridge_process import REPO, fake_firstpromoter, free_port, start, stripe_headers

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--screenshots")
args = parser.parse_args()

token = "console-test-token-0123456789abcdef"
secret = "whsec_console"
work = tempfile.mkdtemp()
calls = []


def answer(path, body):
    """Refuses the first call with 422 (a dead letter), accepts every later one."""
    calls.append((path, body))
    return (422, b'{"message":"unknown plan"}') if len(calls) == 1 else (200, b'{"id":1}')


fp, fp_port = fake_firstpromoter(answer)
port = free_port()
env = dict(os.environ, BRIDGE_HOST="127.0.0.1", BRIDGE_PORT=str(port), STRIPE_WEBHOOK_SECRET=secret,
           BRIDGE_MAPPINGS_DIR=os.path.join(REPO, "mappings"), BRIDGE_ADMIN_TOKEN=token,
           FIRSTPROMOTER_API_KEY="fp_console", FIRSTPROMOTER_BASE_URL=f"http://127.0.0.1:{fp_port}",
           FIRSTPROMOTER_RATE_LIMIT="60000")
log = open(os.path.join(work, "log"), "ab")
server = start(args.binary, work, env, port, log)
base = f"http://127.0.0.1:{port}"


def fail(message):
    print(open(os.path.join(work, "log")).read()[-3000:])
    server.kill()
    sys.exit(f"FAILED: {message}")


def post_fixture(name):
    payload = open(os.path.join(REPO, "Tests/Fixtures/stripe", name + ".json"), "rb").read()
    request = urllib.request.Request(base + "/webhooks/stripe", payload, stripe_headers(secret, payload))
    return urllib.request.urlopen(request).status


for fixture in ["invoice.paid.basil-tax-discount", "invoice_payment.paid", "charge.refunded.basil-linked"]:
    if post_fixture(fixture) != 200:
        fail(f"{fixture} was not stored")


def api(path):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request))


deadline = time.time() + 30
while not api("/admin/api/deliveries?status=dead")["items"]:
    if time.time() > deadline: fail("the sale never became a dead letter")
    time.sleep(0.1)

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
shots = args.screenshots
if shots: os.makedirs(shots, exist_ok=True)


def shot(name, width=1280):
    if not shots: return
    browser.set_window_size(width, 900)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(width, max(height + 40, 500))
    browser.save_screenshot(os.path.join(shots, name + ".png"))
    browser.set_window_size(1280, 900)


def shows(text, seconds=10):
    """Whether the page shows `text` within `seconds` (a click's page load may still be on its way)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in browser.page_source: return True
        time.sleep(0.05)
    return False


try:
    browser.get(base + "/admin")
    if "/admin/login" not in browser.current_url: fail(f"not sent to sign in: {browser.current_url}")
    shot("login", 640)
    browser.find_element(By.ID, "token").send_keys("not-the-token-at-all")
    browser.find_element(By.ID, "sign-in").click()
    if not shows("That is not the admin token"): fail("a wrong token was not refused")
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.ID, "sign-in").click()
    if not shows("Outbox"): fail("sign-in did not reach the summary")
    cookie = browser.get_cookie("bb_session")
    if not cookie or not cookie.get("httpOnly") or cookie.get("sameSite") != "Strict":
        fail(f"the session cookie is not HttpOnly and SameSite=Strict: {cookie}")
    shot("summary")

    browser.find_element(By.ID, "id").send_keys("in_1BasilTax")
    browser.find_element(By.ID, "find").click()
    # Three events name the invoice: its payment, its charge's refund, and the invoice itself.
    if not all(shows(event) for event in ["evt_1BasilTax", "evt_1InvPay", "evt_1RefundBasil"]):
        shot("find-failed"); fail("finding the invoice did not list the three events that name it: " + browser.current_url)
    shot("find")
    browser.find_element(By.LINK_TEXT, "evt_1BasilTax").click()
    if not shows("Map again through the current mapping file") or "in_1BasilTax" not in browser.page_source:
        fail(f"the invoice's event did not open: {browser.current_url}")
    if not shows("unknown plan"): fail("the dead letter's answer is not shown")
    shot("event-dead-letter")

    # A form posted from elsewhere (no CSRF token) is refused, even with the session cookie.
    dead = api("/admin/api/deliveries?status=dead")["items"][0]["id"]
    forged = urllib.request.Request(base + f"/admin/deliveries/{dead}/replay", b"force=true",
                                    {"Cookie": f"bb_session={cookie['value']}", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(forged)
        fail("a replay without its CSRF token was accepted")
    except urllib.error.HTTPError as error:
        if error.code != 403: fail(f"a replay without its CSRF token answered {error.code}, not 403")

    browser.find_element(By.ID, f"replay-{dead}").click()
    if not shows("requeued (was dead)"):
        shot("replay-failed")
        fail("the replay did not say it was requeued")
    deadline = time.time() + 30
    while api("/admin/api/deliveries?status=delivered&action=sale")["items"] == []:
        if time.time() > deadline: fail("the replayed sale was not delivered")
        time.sleep(0.1)
    browser.refresh()
    if not shows("replayed by console; was dead"): fail("the replay is not in the delivery's history")
    shot("event-replayed")
    shot("event-phone", 390)
    browser.get(base + "/admin/deliveries")
    shot("deliveries")
    print(f"console: signed in, found in_1BasilTax, replayed dead letter {dead}, delivered; "
          f"a CSRF-less post got 403; FirstPromoter saw {len(calls)} calls")
finally:
    browser.quit()
    server.terminate()
    server.wait(timeout=15)
    fp.shutdown()
