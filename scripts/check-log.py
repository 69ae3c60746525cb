#!/usr/bin/env python3
"""Checks a billing-bridge log: every line is one record in the given format (logfmt or json),
and no customer email appears whole (the service masks them as a***@example.com).

    python3 scripts/check-log.py logfmt|json LOGFILE [SECRET...]

Each SECRET given (a webhook secret, an API key) must appear nowhere in the log.
"""
import json, re, sys

form, path, secrets = sys.argv[1], sys.argv[2], sys.argv[3:]
logfmt_pair = re.compile(r'([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s="\\]+)(?: |$)')
email = re.compile(r"[A-Za-z0-9._+-]{2,}(?:@|%40)[A-Za-z0-9-]+\.[A-Za-z]")
lines = open(path, encoding="utf-8").read().splitlines()
problems = []
for number, line in enumerate(lines, 1):
    if form == "json":
        try:
            record = json.loads(line)
            ok = isinstance(record, dict) and {"time", "level", "msg"} <= record.keys()
        except ValueError:
            ok = False
    else:
        ok = line.startswith("time=") and "".join(m.group(0) for m in logfmt_pair.finditer(line)) == line
    if not ok:
        problems.append(f"line {number} is not one {form} record: {line[:200]}")
    for secret in secrets:
        if secret in line:
            problems.append(f"line {number} holds a secret ({secret[:4]}…)")
    if email.search(line):
        problems.append(f"line {number} holds a whole email: {email.search(line).group(0)}")
if not lines:
    problems.append("the log is empty")
for problem in problems:
    print(problem)
print(f"{path}: {len(lines)} {form} lines, {len(problems)} problems")
sys.exit(1 if problems else 0)
