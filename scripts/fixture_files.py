"""What every scripts/make-*-fixtures.py shares: where the provider samples are, and how payloads
and their hand-written expectations are written to Tests/Fixtures/{provider}/."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def samples_folder():
    """The provider samples folder: the first argument, else ../shared/reference/providers/samples."""
    return sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "reference", "providers", "samples")


def output_folder(provider):
    folder = os.path.join(HERE, "..", "Tests", "Fixtures", provider)
    os.makedirs(folder, exist_ok=True)
    return folder


def write(folder, fixtures, expected, raw=None, raw_extension="json", lookups=None):
    """JSON payloads, payloads kept byte for byte as signed (`raw`, as `{name}.{raw_extension}`),
    `{name}.expected.json`, and the provider API documents a payload names (`lookups`, path →
    document, as `{name}.lookups.json`)."""
    for name, payload in fixtures.items():
        with open(os.path.join(folder, f"{name}.json"), "w") as f:
            f.write(json.dumps(payload, indent=2) + "\n")
    for name, body in (raw or {}).items():
        with open(os.path.join(folder, f"{name}.{raw_extension}"), "w", encoding="utf-8") as f:
            f.write(body)
    for name, expectation in expected.items():
        expectation.setdefault("fixture", name)
        with open(os.path.join(folder, f"{name}.expected.json"), "w") as f:
            f.write(json.dumps(expectation, indent=2, sort_keys=True) + "\n")
    for name, documents in (lookups or {}).items():
        with open(os.path.join(folder, f"{name}.lookups.json"), "w") as f:
            f.write(json.dumps(documents, indent=2) + "\n")


ERRORS = {"malformed": "malformed", "no_match": "no signature", "too_old": "timestamp is", "missing": "missing",
          "wrong_credentials": "credentials", "not_configured": "not set here"}
STATUS = {"valid": 200, "malformed": 400, "missing": 400, "no_match": 401, "too_old": 401, "wrong_credentials": 401,
          "not_configured": 401}


def vector(name, expect, credentials, headers, now, body=None, body_file=None, **extra):
    """One signature vector in the form every provider's shares: the provider is built from
    `credentials` (variable suffix → list of values, or seconds), and `verify` gets the body, the
    headers and `now`. `expect` is valid, malformed, missing, no_match, too_old, wrong_credentials
    or not_configured: the status and the fragment the error must contain follow from it."""
    assert (body is None) != (body_file is None), name
    v = {"name": name, "credentials": credentials, "headers": headers, "now": now, "status": STATUS[expect], **extra}
    if expect != "valid":
        v.setdefault("error", ERRORS[expect])
    if body is not None:
        v["body"] = body
    else:
        v["body_file"] = body_file
    return v


def write_vectors(folder, vectors, **about):
    with open(os.path.join(folder, "signature-vectors.json"), "w") as f:
        f.write(json.dumps({**about, "vectors": vectors}, indent=2) + "\n")
