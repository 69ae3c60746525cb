#!/usr/bin/env bash
# Starts a built billing-bridge on a free loopback port with a throwaway SQLite file, checks
# /healthz and /readyz, a refused unsigned webhook and an accepted signed one, the operator
# commands (map, summary, events, deliveries, show, replay, check-config), then sends SIGTERM and expects a clean exit.
#   scripts/smoke-test.sh .build/release/billing-bridge
set -euo pipefail
# `grep -q` stops reading at its first match; the command writing into the pipe then dies of
# SIGPIPE, which pipefail reports as a failure (it did, once check-config's output outgrew one
# write). `has` reads everything.
has() { grep "$@" > /dev/null; }
binary="$(realpath "${1:?usage: smoke-test.sh PATH_TO_BINARY}")"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$work" && BRIDGE_HOST=127.0.0.1 BRIDGE_PORT="$port" BRIDGE_MAPPINGS_DIR="$repo/mappings" \
    STRIPE_WEBHOOK_SECRET=whsec_smoke BRAINTREE_PUBLIC_KEY=integration_public_key \
    BRAINTREE_PRIVATE_KEY=integration_private_key RECURLY_WEBHOOK_USERNAME=recurly RECURLY_WEBHOOK_PASSWORD=smoke \
    exec "$binary" serve >"$work/log" 2>&1) &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz"; echo
curl -fsS "http://127.0.0.1:$port/readyz"; echo
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$port/webhooks/stripe")
[[ "$status" == 400 ]] || { echo "unsigned webhook answered $status, expected 400"; cat "$work/log"; exit 1; }
test -f "$work/data/bridge.sqlite" || { echo "no SQLite file at data/bridge.sqlite"; exit 1; }

# Posts a fixture signed as Stripe signs it, and expects it stored.
post() {
    local fixture="$repo/Tests/Fixtures/stripe/$1.json" t signature answer
    t=$(date +%s)
    signature=$( (printf '%s.' "$t"; cat "$fixture") | openssl dgst -sha256 -hmac whsec_smoke -r | cut -d' ' -f1)
    answer=$(curl -fsS -X POST -H 'Content-Type: application/json' -H "Stripe-Signature: t=$t,v1=$signature" \
        --data-binary "@$fixture" "http://127.0.0.1:$port/webhooks/stripe")
    [[ "$answer" == *'"status":"stored"'* ]] || { echo "signed $1 answered $answer"; cat "$work/log"; exit 1; }
}
fixture="$repo/Tests/Fixtures/stripe/invoice.paid.basil-tax-discount.json"
post invoice.paid.basil-tax-discount
# A refund whose link to its sale has not come: held, and `deliveries` says why.
post charge.refunded.basil-linked
# A verified event the mapper cannot use (no currency): stored, answered 200, listed as failed.
printf '%s' '{"id":"evt_smoke_nocur","type":"invoice.paid","livemode":true,"data":{"object":{"id":"in_smoke"}}}' \
    > "$work/nocurrency.json"
t=$(date +%s)
signature=$( (printf '%s.' "$t"; cat "$work/nocurrency.json") | openssl dgst -sha256 -hmac whsec_smoke -r | cut -d' ' -f1)
curl -fsS -X POST -H 'Content-Type: application/json' -H "Stripe-Signature: t=$t,v1=$signature" \
    --data-binary "@$work/nocurrency.json" "http://127.0.0.1:$port/webhooks/stripe" | has '"status":"stored"' \
    || { echo "an unmappable but verified event was not stored"; cat "$work/log"; exit 1; }

# Braintree: the endpoint check, and a notification signed by Braintree's SDK (a form body).
answer=$(curl -fsS "http://127.0.0.1:$port/webhooks/braintree?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53")
[[ "$answer" == 'integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4' ]] \
    || { echo "bt_challenge answered $answer"; cat "$work/log"; exit 1; }
curl -fsS -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "@$repo/Tests/Fixtures/braintree/subscription_charged_successfully.form" \
    "http://127.0.0.1:$port/webhooks/braintree" | has '"status":"stored"' \
    || { echo "the signed Braintree notification was not stored"; cat "$work/log"; exit 1; }
# Recurly's XML behind basic authentication.
curl -fsS -X POST -u recurly:smoke -H 'Content-Type: application/xml' \
    --data-binary "@$repo/Tests/Fixtures/recurly/paid_charge_invoice_notification.xml" \
    "http://127.0.0.1:$port/webhooks/recurly" | has '"status":"stored"' \
    || { echo "the Recurly XML notification was not stored"; cat "$work/log"; exit 1; }

cli() { (cd "$work" && BRIDGE_MAPPINGS_DIR="$repo/mappings" STRIPE_WEBHOOK_SECRET=whsec_smoke "$binary" "$@"); }
for _ in $(seq 1 100); do
    cli deliveries --status dry_run 2>/dev/null | has -E 'sale +in_1BasilTax' && break
    sleep 0.1
done
cli deliveries --status dry_run | grep -E 'sale +in_1BasilTax +8000 +USD' || { echo "no dry-run sale listed"; cat "$work/log"; exit 1; }
for _ in $(seq 1 100); do
    cli deliveries --status held | has 'held for the link' && break
    sleep 0.1
done
cli deliveries --status held | grep 'held for the link' || { echo "no held refund listed"; cat "$work/log"; exit 1; }
for _ in $(seq 1 100); do
    cli deliveries | has 'data.object.currency is missing' && break
    sleep 0.1
done
cli deliveries | grep 'could not be mapped' >/dev/null && cli deliveries | grep 'evt_smoke_nocur' \
    || { echo "the unmappable event is not listed by deliveries"; cat "$work/log"; exit 1; }
cli replay --dead | has -E 'requeued [1-9][0-9]* dead and dry-run' || { echo "replay --dead did not requeue the dry run"; exit 1; }
# The operator's other commands: every event listed, any id finds its story, a refused replay
# says why and exits 1, and every command names the store it used.
cli events 2>&1 | grep "store: sqlite://data/bridge.sqlite" >/dev/null || { echo "events did not name its store"; exit 1; }
cli events --state failed | has 'evt_smoke_nocur' || { echo "events --state failed did not list the unmappable event"; exit 1; }
if cli deliveries --status nope > "$work/status.out" 2>&1; then echo "deliveries --status nope exited 0"; exit 1; fi
grep -q "The value 'nope' is invalid for '--status" "$work/status.out" && grep -q 'dry_run' "$work/status.out" \
    || { echo "a bad --status did not name the valid ones"; cat "$work/status.out"; exit 1; }
cli show in_1BasilTax | has -E 'delivery [0-9]+: .*sale in_1BasilTax' || { echo "show did not find the invoice's delivery"; cli show in_1BasilTax; exit 1; }
cli show cus_Alice | has 'evt_1BasilTax' || { echo "show did not find the customer's event"; exit 1; }
cli summary | has -E 'stripe +sale' || { echo "summary did not count the Stripe sale"; cli summary; exit 1; }
cli send-test stripe --url "http://127.0.0.1:$port" | has '"status":"stored"' || { echo "send-test stripe was not stored"; exit 1; }
BRAINTREE_PUBLIC_KEY=integration_public_key BRAINTREE_PRIVATE_KEY=integration_private_key cli send-test braintree --url "http://127.0.0.1:$port" | has '"status":"stored"' || { echo "send-test braintree was not stored"; exit 1; }
if cli replay 999999 > "$work/replay.out" 2>&1; then echo "replaying an unknown delivery exited 0"; exit 1; fi
grep -q 'delivery 999999: no such delivery' "$work/replay.out" || { echo "replay did not say why"; cat "$work/replay.out"; exit 1; }
cli map stripe "$fixture" | has '"amount" : "8000"' || { echo "map did not print the sale"; exit 1; }
# An optional provider API that cannot be reached: map shows the sale without what it would add, and says so.
ls_yearly="$repo/Tests/Fixtures/lemonsqueezy/subscription_payment_success.yearly-discounted.json"
LEMONSQUEEZY_API_KEY=ls_smoke LEMONSQUEEZY_API_URL=http://127.0.0.1:9 cli map lemonsqueezy "$ls_yearly" > "$work/map.out" 2> "$work/map.err" \
    || { echo "map lemonsqueezy failed"; cat "$work/map.err"; exit 1; }
grep -q '"amount" : "9600"' "$work/map.out" && grep -q 'GET /v1/subscriptions/4 failed.*shown without it' "$work/map.err" \
    || { echo "map lemonsqueezy did not show the sale and say what it lacked"; cat "$work/map.out" "$work/map.err"; exit 1; }
cli check-config | has 'provider stripe: mounted' || { echo "check-config did not mount stripe"; exit 1; }
LEMONSQUEEZY_WEBHOOK_SECRET=ls_smoke cli check-config | has 'provider lemonsqueezy: LEMONSQUEEZY_API_KEY unset (API key, to give subscription payments their plan and MRR' \
    || { echo "check-config did not say what an unset Lemon Squeezy API key means"; exit 1; }
# Dry runs go at FirstPromoter's pace, and the replay above queued them again: wait for both.
for _ in $(seq 1 200); do
    listed=$(cli deliveries --status dry_run 2>/dev/null)
    [[ "$listed" == *'txn_new'* && "$listed" == *'recurly-invoice-2001'* ]] && break
    sleep 0.1
done
cli deliveries --status dry_run | has -E 'sale +txn_new' && cli deliveries --status dry_run | has 'recurly-invoice-2001' \
    || { echo "the Braintree and Recurly sales are not listed"; cli deliveries; cat "$work/log"; exit 1; }

# Sends SIGTERM to the service and waits up to $1 tenths of a second for it to exit.
stop() {
    kill -TERM "$pid"
    for _ in $(seq 1 "$1"); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    ! kill -0 "$pid" 2>/dev/null
}
stop 100 || { echo "still running 10 s after SIGTERM"; cat "$work/log"; exit 1; }
wait "$pid" && code=0 || code=$?
[[ "$code" == 0 ]] || { echo "exited with $code after SIGTERM"; cat "$work/log"; exit 1; }
# The store closed last: SQLite checkpoints and removes its write-ahead log only when the last
# connection closes.
[[ ! -s "$work/data/bridge.sqlite-wal" ]] || { echo "the store was not closed: its WAL is still there"; ls -la "$work/data"; tail -20 "$work/log"; exit 1; }
# Commands that read never create a database: in a folder with none, they say so and leave none.
empty="$work/empty"
mkdir "$empty"
if (cd "$empty" && "$binary" deliveries) >"$work/empty.out" 2>&1; then
    echo "deliveries succeeded with no database"; cat "$work/empty.out"; exit 1
fi
grep -q 'no database here yet' "$work/empty.out" || { echo "deliveries did not say there is no database"; cat "$work/empty.out"; exit 1; }
(cd "$empty" && BRIDGE_MAPPINGS_DIR="$repo/mappings" STRIPE_WEBHOOK_SECRET=whsec_smoke "$binary" check-config) | has 'does not exist yet; serve creates it' \
    || { echo "check-config did not say the database does not exist yet"; exit 1; }
[[ ! -e "$empty/data" ]] || { echo "a read-only command created $empty/data"; exit 1; }
# A call in flight at SIGTERM: this FirstPromoter accepts and never answers. The service still
# exits within BRIDGE_SHUTDOWN_SECONDS (2 here) plus a second of cancellation, and the call stays
# pending, to be sent again at the next start (FirstPromoter dedups on event_id).
work2="$(mktemp -d)"
hang_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$hang_port" "$work2/called" <<'PY' &
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
held = []
while True:
    connection, _ = server.accept()
    held.append(connection)
    open(sys.argv[2], "w").write("called")
PY
hang_pid=$!
disown "$hang_pid"
trap 'kill -9 "$pid" "$hang_pid" 2>/dev/null || true; rm -rf "$work" "$work2"' EXIT
(cd "$work2" && BRIDGE_HOST=127.0.0.1 BRIDGE_PORT="$port" BRIDGE_MAPPINGS_DIR="$repo/mappings" \
    STRIPE_WEBHOOK_SECRET=whsec_smoke FIRSTPROMOTER_API_KEY=fp_smoke_secret_key FIRSTPROMOTER_BASE_URL="http://127.0.0.1:$hang_port" \
    FIRSTPROMOTER_TIMEOUT_SECONDS=120 BRIDGE_SHUTDOWN_SECONDS=2 BRIDGE_LOG_FORMAT=json exec "$binary" serve >"$work2/log" 2>&1) &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
post invoice.paid.basil-tax-discount
for _ in $(seq 1 100); do
    test -f "$work2/called" && break
    sleep 0.1
done
test -f "$work2/called" || { echo "the call never reached the hanging FirstPromoter"; cat "$work2/log"; exit 1; }
started=$(date +%s.%N)
stop 150 || { echo "still running 15 s after SIGTERM with a call in flight"; cat "$work2/log"; exit 1; }
took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")
wait "$pid" && code=0 || code=$?
[[ "$code" == 0 ]] || { echo "exited with $code after a shutdown that cut a call off"; cat "$work2/log"; exit 1; }
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 5 else 1)" "$took" \
    || { echo "took $took s to stop with a call in flight, over BRIDGE_SHUTDOWN_SECONDS=2 + 1"; cat "$work2/log"; exit 1; }
(cd "$work2" && BRIDGE_MAPPINGS_DIR="$repo/mappings" "$binary" deliveries --status pending) | has -E 'sale +in_1BasilTax' \
    || { echo "the call cut off at shutdown is not pending"; (cd "$work2" && "$binary" deliveries); exit 1; }
claimed=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM deliveries WHERE status = 'pending' AND claimed_by IS NOT NULL\").fetchone()[0])" "$work2/data/bridge.sqlite")
[[ "$claimed" == 0 ]] || { echo "the call cut off at shutdown is still claimed: the next start would wait for the claim to run out"; exit 1; }
echo "smoke: stopped $took s after SIGTERM with a call in flight (BRIDGE_SHUTDOWN_SECONDS=2); the call is pending and unclaimed"
# Both runs' logs: every line one record (logfmt, then JSON), and no customer email whole.
python3 "$repo/scripts/check-log.py" logfmt "$work/log" whsec_smoke integration_private_key || exit 1
python3 "$repo/scripts/check-log.py" json "$work2/log" whsec_smoke fp_smoke_secret_key || exit 1
echo "smoke: served, refused unsigned, stored signed (Stripe, Braintree, Recurly XML), answered bt_challenge, held a refund, listed an unmappable event, replayed, mapped, checked, stopped cleanly on SIGTERM and closed the store; read-only commands created no database"
