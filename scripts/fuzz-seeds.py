#!/usr/bin/env python3
"""Writes the fuzzer's seeds: every fixture payload (with the API documents it fetches) and every
signature vector, in the input format of Sources/BridgeFuzz/FuzzInput.swift, into one folder.

    python3 scripts/fuzz-seeds.py OUT_DIR
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "Fixtures"
CONTENT_TYPES = {".json": "application/json", ".xml": "application/xml", ".form": "application/x-www-form-urlencoded"}
# Providers whose event id comes in a header: their fixture payloads are sent with one.
EVENT_ID_HEADERS = {"razorpay": "X-Razorpay-Event-Id", "polar": "webhook-id", "razorpay-declared": "X-Razorpay-Event-Id",
                    "example": "webhook-id"}
# A folder's fixtures also seed the declared providers that map them (mappings/custom/, and
# mappings/standard/example.yaml, whose provider is "example"); a folder of no built-in provider
# seeds only those.
DECLARED = {"paystack": ["paystack-declared"], "razorpay": ["razorpay-declared"], "standard-webhooks": ["example"]}
BUILT_IN_LESS = {"standard-webhooks"}


def encode(provider, headers, body, fetched=None, now=None, credentials=None):
    lines = [provider]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if now is not None:
        lines.append(f"X-Fuzz-Now: {now}")
    for name, values in (credentials or {}).items():
        for value in values if isinstance(values, list) else [values]:
            lines.append(f"X-Fuzz-Credential-{name}: {value}")
    data = ("\n".join(lines) + "\n\n").encode() + body
    for path, document in (fetched or {}).items():
        data += f"\n--fetched {path}\n".encode() + json.dumps(document).encode()
    return data


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    seeds = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "catalogue"):
        names = ([] if folder.name in BUILT_IN_LESS else [folder.name]) + DECLARED.get(folder.name, [])
        for provider in names:
            seeds += folder_seeds(folder, provider)
    for seed in seeds:
        (out / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"fuzz-seeds: {len(seeds)} seeds in {out}")


def folder_seeds(folder, provider):
    """A fixture folder's payloads and signature vectors, as inputs for `provider`."""
    seeds = []
    for payload in sorted(folder.iterdir()):
        suffix = payload.suffix
        if suffix not in CONTENT_TYPES or payload.name.endswith((".expected.json", ".lookups.json")):
            continue
        if payload.name in ("coverage.json", "signature-vectors.json"):
            continue
        lookups = payload.with_name(payload.name[: -len(suffix)] + ".lookups.json")
        fetched = json.loads(lookups.read_text()) if lookups.exists() else {}
        headers = {"Content-Type": CONTENT_TYPES[suffix]}
        if provider in EVENT_ID_HEADERS:
            headers[EVENT_ID_HEADERS[provider]] = "evt_" + payload.stem.replace(".", "_")
        seeds.append(encode(provider, headers, payload.read_bytes(), fetched))
    vectors = folder / "signature-vectors.json"
    if vectors.exists():
        for vector in json.loads(vectors.read_text())["vectors"]:
            body = vector["body"].encode() if "body" in vector else (folder / vector["body_file"]).read_bytes()
            credentials = vector.get("credentials") or {}
            if provider == "paystack-declared":
                # The built-in's SECRET_KEY is the declared twin's WEBHOOK_SECRET.
                credentials = {"WEBHOOK_SECRET" if name == "SECRET_KEY" else name: value for name, value in credentials.items()}
            seeds.append(encode(provider, vector.get("headers", {}), body, now=vector.get("now"), credentials=credentials))
    return seeds


if __name__ == "__main__":
    main()
