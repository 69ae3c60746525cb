#!/usr/bin/env python3
"""Writes Tests/Fixtures/catalogue/ed25519-vectors.json: Standard Webhooks' asymmetric scheme
(`v1a`, Ed25519 over "{webhook-id}.{webhook-timestamp}.{body}", public keys as `whpk_` + base64),
signed here with the `cryptography` library (OpenSSL) from fixed seeds, so that the catalogue's
key-pair check is tested against another implementation. Ed25519 signatures are deterministic:
running this again writes the same file.

    pip install cryptography && python3 scripts/make-catalogue-vectors.py
"""
import base64, json, os
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "catalogue")
os.makedirs(OUT, exist_ok=True)


def key(seed_byte):
    private = Ed25519PrivateKey.from_private_bytes(bytes([seed_byte]) * 32)
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, "whpk_" + base64.b64encode(public).decode()


current, current_public = key(1)
previous, previous_public = key(2)
stranger, stranger_public = key(3)
MSG, TS = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1700000000
BODY = '{"type":"order.paid","data":{"id":"ord_1","total_amount":4999,"currency":"usd"}}'


def sign(private, body=BODY, ts=TS):
    return "v1a," + base64.b64encode(private.sign(f"{MSG}.{ts}.{body}".encode())).decode()


def v(name, signature, keys, valid, error=None, body=BODY, ts=TS, now=TS):
    headers = {"webhook-id": MSG, "webhook-timestamp": str(ts), "webhook-signature": signature}
    return {"name": name, "public_keys": keys, "headers": headers, "body": body, "now": now, "valid": valid,
            **({"error": error} if error else {})}


vectors = [
    v("valid", sign(current), [current_public], True),
    v("rotation: signed with the previous key, both configured", sign(previous), [current_public, previous_public], True),
    v("rotation: both signatures sent", sign(previous) + " " + sign(current), [current_public], True),
    v("an HMAC v1 signature beside it is ignored", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + sign(current),
      [current_public], True),
    v("another key pair", sign(stranger), [current_public], False, "no signature"),
    v("tampered body", sign(current), [current_public], False, "no signature", body=BODY.replace("4999", "1")),
    v("timestamp changed", sign(current), [current_public], False, "no signature", ts=TS + 1, now=TS + 1),
    v("too old", sign(current), [current_public], False, "timestamp is", now=TS + 301),
    v("signature not base64", "v1a,!!!", [current_public], False, "no signature"),
    v("signature of the wrong length", "v1a," + base64.b64encode(b"x" * 63).decode(), [current_public], False, "no signature"),
    v("only an HMAC v1 signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", [current_public], False, "no v1a signature"),
    v("a configured key that is no key", sign(current), ["whpk_bm90IGEga2V5"], False, "do not decode"),
]
with open(os.path.join(OUT, "ed25519-vectors.json"), "w") as f:
    f.write(json.dumps({"scheme": "Standard Webhooks v1a (Ed25519)", "vectors": vectors}, indent=2) + "\n")
print(f"wrote {len(vectors)} vectors to {OUT}")
