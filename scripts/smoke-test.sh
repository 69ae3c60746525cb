#!/usr/bin/env bash
# Starts a built billing-bridge on a free loopback port with a throwaway SQLite file, checks
# /healthz and /readyz and a refused unsigned webhook, then sends SIGTERM and expects a clean exit.
#   scripts/smoke-test.sh .build/release/billing-bridge
set -euo pipefail
binary="$(realpath "${1:?usage: smoke-test.sh PATH_TO_BINARY}")"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$work" && BRIDGE_HOST=127.0.0.1 BRIDGE_PORT="$port" BRIDGE_MAPPINGS_DIR="$repo/mappings" \
    STRIPE_WEBHOOK_SECRET=whsec_smoke exec "$binary" serve >"$work/log" 2>&1) &
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

kill -TERM "$pid"
for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then echo "still running 10 s after SIGTERM"; cat "$work/log"; exit 1; fi
wait "$pid" && code=0 || code=$?
[[ "$code" == 0 ]] || { echo "exited with $code after SIGTERM"; cat "$work/log"; exit 1; }
echo "smoke: started, answered, refused an unsigned webhook, stopped cleanly on SIGTERM"
