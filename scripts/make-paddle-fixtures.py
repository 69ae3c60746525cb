#!/usr/bin/env python3
"""Writes Tests/Fixtures/paddle/: Paddle Billing payloads, the FirstPromoter calls expected of
each (written by hand), and signature vectors.

    python3 scripts/make-paddle-fixtures.py [path to shared/reference/providers/samples]

Payloads start from the official SDK mocks kept in ../shared/reference/providers/samples
(paddle-node-sdk TransactionCompletedMock, adjustment and subscription fixtures, and the exact
signed customer.created body of paddle-python-sdk's verifier test). The published vectors are
paddle-node-sdk's and paddle-python-sdk's (vectors.md P1-P6, P8); the stale and tampered ones
are computed with the same HMAC.
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import copy, hashlib, hmac, json, os, sys

SAMPLES = samples_folder()
OUT = output_folder("paddle")

def sample(name):
    with open(os.path.join(SAMPLES, name)) as f:
        return json.load(f)

fixtures, expected = {}, {}

# 1. A one-time purchase (the SDK mock: no subscription, no custom_data): 599.00 after discount,
#    53.15 tax on top. The sale is 599.00; no email in the payload, so it goes by customer id.
one_time = sample("paddle-transaction.completed.json")
fixtures["transaction.completed.one-time"] = one_time
SALE = {"uid": "ctm_01h8e18bxp9hby49dnm8ewf0m0", "event_id": "txn_01h8dzxgkvdwemdhbpcapj2tbj", "amount": "59900",
        "plan": "pri_01gsz8x8sawmvhz1pv30nge1ke", "currency": "USD", "created_at": "2023-08-22T07:15:44Z"}
expected["transaction.completed.one-time"] = {"deliveries": [{"sale": SALE}]}
# FirstPromoter's "exclude Paddle's fees": the merchant's earnings.
expected["transaction.completed.earnings"] = {"fixture": "transaction.completed.one-time", "amount_basis": "earnings",
                                               "deliveries": [{"sale": dict(SALE, amount="56589")}]}

# 2. A subscription's transaction, with referral data and the email in custom_data: MRR from the
#    prices' billing cycles (10 seats at 30.00 a month, plus a 100.00 monthly add-on; the one-time
#    setup item counts for nothing).
sub = copy.deepcopy(one_time)
sub["event_id"] = "evt_01h8subscription0000000000"
sub["data"]["subscription_id"] = "sub_01h8dzxgkvdwemdhbpcapj2tbj"
sub["data"]["origin"] = "subscription_recurring"
sub["data"]["custom_data"] = {"fp_tid": "tid_paddle", "email": "pat@example.com", "seats": 10}
fixtures["transaction.completed.subscription"] = sub
SUB_SALE = dict(SALE, email="pat@example.com", mrr="40000", subscription_id="sub_01h8dzxgkvdwemdhbpcapj2tbj",
                tid="tid_paddle")
expected["transaction.completed.subscription"] = {"deliveries": [{"after": "signup signup-uid-ctm_01h8e18bxp9hby49dnm8ewf0m0",
                                                                  "sale": SUB_SALE}]}

# 2b. The same subscription's first payment, from checkout (origin web): the same sale.
first = copy.deepcopy(sub)
first["event_id"] = "evt_01h8subscriptionfirst000000"
first["data"]["id"] = "txn_01h8first00000000000000000"
first["data"]["origin"] = "web"
fixtures["transaction.completed.subscription-first"] = first
expected["transaction.completed.subscription-first"] = {"deliveries": [{
    "after": "signup signup-uid-ctm_01h8e18bxp9hby49dnm8ewf0m0", "sale": dict(SUB_SALE, event_id="txn_01h8first00000000000000000")}]}

# 3. The customer's email, remembered from customer.created (the exact bytes P6 signs), for a
#    transaction that carries none.
with open(os.path.join(SAMPLES, "paddle-customer.created.signed-body.json")) as f:
    customer_body = f.read().strip()
fixtures_raw = {"customer.created": customer_body}
expected["customer.created"] = {"deliveries": [{"ignored": "recorded: customer ctm_01hs0tqf76sxmp7ba5e4mw1sc8's email"}]}
johns = copy.deepcopy(one_time)
johns["event_id"] = "evt_01h8john000000000000000000"
johns["data"]["id"] = "txn_01hjohn0000000000000000000"
johns["data"]["customer_id"] = "ctm_01hs0tqf76sxmp7ba5e4mw1sc8"
fixtures["transaction.completed.known-customer"] = johns
expected["transaction.completed.known-customer"] = {"after": ["customer.created"], "deliveries": [{"sale": dict(
    SALE, uid="ctm_01hs0tqf76sxmp7ba5e4mw1sc8", event_id="txn_01hjohn0000000000000000000",
    email="blackhole+verification2@paddle.com")}]}

# 4. Adjustments: a refund counts once approved, tax already out of its totals; a pending one
#    does not; a chargeback after it takes back only what is left of the sale.
pending = sample("paddle-adjustment.created.json")
fixtures["adjustment.created.pending"] = pending
expected["adjustment.created.pending"] = {"deliveries": [{"ignored": "is pending_approval, not approved"}]}

def adjustment(evt, adj_id, action, subtotal, tax, event_type="adjustment.updated"):
    a = copy.deepcopy(pending)
    a["event_id"], a["event_type"] = evt, event_type
    d = a["data"]
    d.update({"id": adj_id, "action": action, "status": "approved", "type": "partial",
              "transaction_id": "txn_01h8dzxgkvdwemdhbpcapj2tbj", "customer_id": "ctm_01h8e18bxp9hby49dnm8ewf0m0",
              "subscription_id": "sub_01h8dzxgkvdwemdhbpcapj2tbj", "created_at": "2023-08-23T10:00:00.000000Z"})
    totals = {"subtotal": str(subtotal), "tax": str(tax), "total": str(subtotal + tax), "fee": "0",
              "earnings": str(subtotal), "currency_code": "USD", "retained_fee": "0"}
    d["totals"] = totals
    d["payout_totals"] = totals
    return a

fixtures["adjustment.updated.refund-approved"] = adjustment("evt_01h8refund00000000000000000", "adj_01h8refund0000000000000000",
                                                            "refund", 29950, 2657)
REFUND = {"email": "pat@example.com", "uid": "ctm_01h8e18bxp9hby49dnm8ewf0m0", "event_id": "adj_01h8refund0000000000000000",
          "amount": "29950", "currency": "USD", "sale_event_id": "txn_01h8dzxgkvdwemdhbpcapj2tbj",
          "created_at": "2023-08-23T10:00:00Z"}
expected["adjustment.updated.refund-approved"] = {"after": ["transaction.completed.subscription"], "deliveries": [
    {"after": "sale txn_01h8dzxgkvdwemdhbpcapj2tbj", "refund": REFUND}]}
# The same adjustment's other event adds nothing.
expected["adjustment.updated.refund-approved-twice"] = {"fixture": "adjustment.updated.refund-approved",
    "after": ["transaction.completed.subscription", "adjustment.updated.refund-approved"],
    "deliveries": [{"ignored": "is already queued from another event"}]}
fixtures["adjustment.created.chargeback"] = adjustment("evt_01h8chargeback0000000000000", "adj_01h8chargeback000000000000",
                                                       "chargeback", 59900, 5315, event_type="adjustment.created")
expected["adjustment.created.chargeback"] = {"after": ["transaction.completed.subscription", "adjustment.updated.refund-approved"],
    "deliveries": [{"refund": dict(REFUND, event_id="adj_01h8chargeback000000000000", amount="29950")}]}

# 4b. A full refund: the whole sale back, tax already out of its totals.
full = adjustment("evt_01h8refundfull0000000000000", "adj_01h8refundfull000000000000", "refund", 59900, 5315)
full["data"]["type"] = "full"
fixtures["adjustment.updated.refund-full"] = full
expected["adjustment.updated.refund-full"] = {"after": ["transaction.completed.subscription"], "deliveries": [
    {"after": "sale txn_01h8dzxgkvdwemdhbpcapj2tbj", "refund": dict(REFUND, event_id="adj_01h8refundfull000000000000",
                                                                    amount="59900")}]}

# 5. Cancellation, dated when it was cancelled (or, failing that, when the event occurred).
fixtures["subscription.canceled"] = sample("paddle-subscription.canceled.json")
canceled = fixtures["subscription.canceled"]
expected["subscription.canceled"] = {"deliveries": [{"cancellation": {
    "uid": canceled["data"]["customer_id"], "event_id": canceled["data"]["id"],
    "created_at": (canceled["data"].get("canceled_at") or canceled["occurred_at"])[:19] + "Z"}}]}

# 5b. Yen: Paddle's amounts are already whole yen (JPY has no minor unit), and a yearly price's
#     MRR is a twelfth of it.
yen = copy.deepcopy(one_time)
yen["event_id"] = "evt_01h8yen00000000000000000000"
yen["data"].update({"id": "txn_01h8yen0000000000000000000", "currency_code": "JPY",
                    "subscription_id": "sub_01h8yen0000000000000000000"})
yen["data"]["items"] = [{"price": {"id": "pri_01h8yearly", "unit_price": {"amount": "120000", "currency_code": "JPY"},
                                   "billing_cycle": {"interval": "year", "frequency": 1}}, "quantity": 1}]
yen["data"]["details"]["totals"] = {"subtotal": "120000", "discount": "0", "tax": "12000", "total": "132000",
                                    "grand_total": "132000", "fee": "6600", "earnings": "113400", "currency_code": "JPY"}
fixtures["transaction.completed.yen-yearly"] = yen
expected["transaction.completed.yen-yearly"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_01h8yen0000000000000000000", amount="120000", plan="pri_01h8yearly", currency="JPY",
    mrr="10000", subscription_id="sub_01h8yen0000000000000000000")}]}

# 5c. A 100% discount: nothing paid, not a sale.
free = copy.deepcopy(one_time)
free["event_id"] = "evt_01h8free0000000000000000000"
free["data"]["id"] = "txn_01h8free000000000000000000"
free["data"]["details"]["totals"] = {"subtotal": "59900", "discount": "59900", "tax": "0", "total": "0",
                                     "grand_total": "0", "fee": "0", "earnings": "0", "currency_code": "USD"}
fixtures["transaction.completed.fully-discounted"] = free
expected["transaction.completed.fully-discounted"] = {"deliveries": [{"ignored": "paid 0"}]}

# 6. An event the mapping file does not route.
paid = copy.deepcopy(one_time)
paid["event_id"], paid["event_type"] = "evt_01h8paid0000000000000000000", "transaction.paid"
fixtures["transaction.paid"] = paid
expected["transaction.paid"] = {"deliveries": [{"ignored": "transaction.paid is not routed"}]}

# Money the payload does not state: totals without their tax fail, naming the field.
without_tax = copy.deepcopy(fixtures["transaction.completed.subscription"])
del without_tax["data"]["details"]["totals"]["tax"]
fixtures["transaction.completed.without-tax"] = without_tax
expected["transaction.completed.without-tax"] = {"error": "totals.tax is missing"}

write(OUT, fixtures, expected, raw=fixtures_raw)

# Signature vectors: `now` is when the check runs; `valid` is the published verdict. Computed
# ones are signed by paddle-python-sdk's own `PaddleSignature.calculate_hmac`, and every vector's
# signature verdict is checked against its `PaddleSignature.verify` below.
from paddle_billing.Notifications import PaddleSignature, Secret  # pip install paddle-python-sdk (1.x)


def sign(secret, ts, body):
    return PaddleSignature.calculate_hmac(secret, f"{ts}:{body}".encode()).hexdigest()

P1 = '{"data": ["1", "2"]}'
P1H = "ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9"
P6S = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I"
vectors = [
    {"name": "P1 published valid", "secrets": ["VALID_SECRET"], "body": P1, "header": P1H, "now": 1698796800, "valid": True},
    {"name": "P2 duplicate h1 and an unknown h2", "secrets": ["VALID_SECRET"], "body": '{"data": "value"}',
     "header": "ts=1698796800;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;"
               "h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h2=RANDOM_HASH",
     "now": 1698796800, "valid": True},
    {"name": "P3 wrong secret", "secrets": ["INVALID_VALID_SECRET"], "body": P1, "header": P1H, "now": 1698796800, "valid": False},
    {"name": "P4 body with extra spaces", "secrets": ["VALID_SECRET"], "body": '{ "data": [ "1", "2" ]}', "header": P1H,
     "now": 1698796800, "valid": False},
    {"name": "P5 too old", "secrets": ["VALID_SECRET"], "body": P1,
     "header": "ts=9876;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9", "now": 1698796800, "valid": False},
    {"name": "drift +5 s is valid", "secrets": ["VALID_SECRET"], "body": P1, "header": P1H, "now": 1698796805, "valid": True},
    {"name": "drift +6 s is stale", "secrets": ["VALID_SECRET"], "body": P1, "header": P1H, "now": 1698796806, "valid": False},
    {"name": "P6 customer.created", "secrets": [P6S], "body": customer_body,
     "header": "ts=1710498758;h1=558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744", "now": 1710498758,
     "valid": True},
    {"name": "P8 rotation: the third secret", "secrets": [
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4",
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo",
        "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"], "body": "hello-world",
     "header": "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02",
     "now": 1696195954, "valid": True},
    {"name": "tampered body", "secrets": [P6S], "body": customer_body.replace("John", "Jane"),
     "header": "ts=1710498758;h1=558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744", "now": 1710498758,
     "valid": False},
    {"name": "computed with the rotated-in secret", "secrets": ["pdl_old", "pdl_new"], "body": P1,
     "header": f"ts=1698796800;h1={sign('pdl_new', 1698796800, P1)}", "now": 1698796801, "valid": True},
]
malformed = [
    {"name": "no ts", "header": "h1=invalid_header", "error": "no timestamp"},
    {"name": "no h1", "header": "ts=1234;h2=invalid_header", "error": "no signatures"},
    {"name": "not pairs", "header": "invalid_header", "error": "no timestamp"},
]
for v in vectors:
    if v["now"] - int(v["header"].split(";")[0][3:]) > 5:
        continue  # the SDK checks time against its own clock: the stale vectors are ours to judge
    try:
        sdk = PaddleSignature().verify(v["header"], v["body"], [Secret(s) for s in v["secrets"]])
    except ValueError:
        continue  # the SDK refuses unknown keys (h2=); Paddle's docs and the issue say ignore them
    except ConnectionRefusedError:  # the SDK's way of saying "no signature matches"
        sdk = False
    assert sdk == v["valid"], f"paddle-python-sdk disagrees on {v['name']}"
def verdict(v):
    if v["valid"]:
        return "valid"
    # P5 changes ts under P1's signature: the signature, checked first, no longer matches.
    stale = v["now"] - int(v["header"].split(";")[0][3:]) > 5 and not v["name"].startswith("P5")
    return "too_old" if stale else "no_match"


write_vectors(OUT, [
    vector(v["name"], verdict(v), {"WEBHOOK_SECRET": v["secrets"], "TOLERANCE_SECONDS": 5}, {"Paddle-Signature": v["header"]},
           v["now"], body=v["body"]) for v in vectors
] + [
    vector(m["name"], "malformed", {"WEBHOOK_SECRET": ["VALID_SECRET"]}, {"Paddle-Signature": m["header"]}, 1698796800,
           body="{}", error=m["error"]) for m in malformed
] + [vector("no header", "missing", {"WEBHOOK_SECRET": ["VALID_SECRET"]}, {}, 1698796800, body="{}",
            error="missing Paddle-Signature header")])
print(f"wrote {len(fixtures) + len(fixtures_raw)} payloads, {len(expected)} expectations, {len(vectors) + len(malformed)} vectors to {OUT}")
