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


def write(folder, fixtures, expected, raw=None, raw_extension="json"):
    """JSON payloads, payloads kept byte for byte as signed (`raw`, as `{name}.{raw_extension}`),
    and `{name}.expected.json`."""
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
