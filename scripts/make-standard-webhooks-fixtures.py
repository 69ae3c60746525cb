#!/usr/bin/env python3
"""Writes Tests/Fixtures/standard-webhooks/signature-vectors.json: signatures of the invented
sender's payloads (the fixtures beside it, written by hand for mappings/standard/example.yaml),
made with the standard's own library for `v1,` and with Ed25519 for `v1a,`.
    pip install standardwebhooks cryptography && python3 scripts/make-standard-webhooks-fixtures.py
"""
from fixture_files import output_folder, vector, write_vectors
import base64, importlib.metadata, os
from datetime import datetime, timezone
import standardwebhooks
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

OUT = output_folder("standard-webhooks")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the standard's own example secret
T = 1700000000
with open(os.path.join(OUT, "invoice.paid.json"), encoding="utf-8") as f:
    body = f.read()
hook = standardwebhooks.Webhook(SECRET)
at = datetime.fromtimestamp(T, tz=timezone.utc)
signed = hook.sign("msg_sw_1", at, body)
# v1a: Ed25519 over the same string, under a fixed test key (its public half is the credential).
private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
public = "whpk_" + base64.b64encode(private.public_key().public_bytes_raw()).decode()
other_public = "whpk_" + base64.b64encode(Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key().public_bytes_raw()).decode()
v1a = "v1a," + base64.b64encode(private.sign(f"msg_sw_1.{T}.{body}".encode())).decode()


def sv(name, expect, secrets, signature, msg_id="msg_sw_1", timestamp=T, now=T):
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp)}
    if signature is not None:
        headers["webhook-signature"] = signature
    return vector(name, expect, {"WEBHOOK_SECRET": secrets}, headers, now, body_file="invoice.paid.json")


# The library's signature for the same message is among the header's v1 entries (its verify
# reads the clock, so it is asked to sign at the vector's time instead).
def library_accepts(secret, signature, msg_id="msg_sw_1", timestamp=T):
    verifier = standardwebhooks.Webhook(secret)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}
    expected = verifier.sign(msg_id, datetime.fromtimestamp(timestamp, tz=timezone.utc), body).split(",", 1)[1]
    return any(entry.split(",", 1) == ["v1", expected] for entry in signature.split(" "))


assert library_accepts(SECRET, signed)
assert not library_accepts("whsec_" + base64.b64encode(b"another secret of 24 bytes").decode(), signed)
other = "whsec_" + base64.b64encode(b"another secret of 24 bytes").decode()
vectors = [
    sv("signed by the standardwebhooks library", "valid", [SECRET], signed),
    sv("v1a (Ed25519) under the sender's public key", "valid", [public], v1a),
    sv("v1a beside a v1 of another secret: the key that matches wins", "valid", [other, public], signed + " " + v1a),
    sv("rotation: the second secret", "valid", [other, SECRET], signed),
    sv("wrong secret", "no_match", [other], signed),
    sv("another webhook-id under the same signature", "no_match", [SECRET], signed, msg_id="msg_sw_2"),
    sv("v1a under another key", "no_match", [other_public], v1a),
    sv("signed 10 minutes before it arrived", "too_old", [SECRET], hook.sign("msg_sw_1", datetime.fromtimestamp(T - 600, tz=timezone.utc), body),
       timestamp=T - 600),
    sv("no webhook-signature header", "missing", [SECRET], None),
]
vectors[-1]["error"] = "missing webhook-signature header"
write_vectors(OUT, vectors, checked_with="standardwebhooks " + importlib.metadata.version("standardwebhooks") + ", cryptography "
              + importlib.metadata.version("cryptography"))
