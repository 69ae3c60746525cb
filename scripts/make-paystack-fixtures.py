#!/usr/bin/env python3
"""Writes Tests/Fixtures/paystack/: Paystack webhook bodies, the FirstPromoter calls expected of
each (written by hand), and signature vectors.

    python3 scripts/make-paystack-fixtures.py [path to shared/reference/providers/samples]

Bodies start from Paystack's official event samples (PaystackOSS/doc-code-snippets
`src/doc/payments/webhooks/events/*.json`): `charge.success` and `subscription.disable`, kept byte
for byte, and variants of them with the fields the confirmation pass lists (`plan` with its
`plan_code` and `interval` on a plan's charge; a refund's `transaction_reference`,
`refund_reference` and `amount` as a string). Paystack publishes no signature vector and no
official Python SDK: the vectors are computed with hmac, as its docs' snippet does.
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import copy, hashlib, hmac, json, os

SAMPLES = samples_folder()
OUT = output_folder("paystack")


def sample(name):
    with open(os.path.join(SAMPLES, f"paystack-{name}.json"), encoding="utf-8") as f:
        return f.read()


charge_body = sample("charge.success")
charge = json.loads(charge_body)
disable_body = sample("subscription.disable")
disable = json.loads(disable_body)

fixtures, raw, expected = {}, {}, {}

# 1. The official sample, byte for byte: a one-time charge of ₦100 (10000 kobo), no plan, no metadata.
raw["charge.success"] = charge_body
CHARGE_SALE = {"email": "bojack@horseman.com", "uid": "CUS_qo38as2hpsgk2r0", "event_id": "qTPrJoy9Bx", "amount": "10000",
               "currency": "NGN", "created_at": "2016-09-30T21:10:19Z"}
expected["charge.success"] = {"deliveries": [{"sale": CHARGE_SALE}]}

# 2. A plan's monthly charge of ₦5,000, FirstPromoter's tid in the metadata: plan and MRR.
PLAN = {"id": 67572, "name": "Monthly retainer", "plan_code": "PLN_gx2wn530m0i3w3m", "description": None,
        "amount": 500000, "interval": "monthly", "send_invoices": True, "send_sms": True, "currency": "NGN"}
monthly = copy.deepcopy(charge)
monthly["data"].update({"id": 302962, "reference": "T0000000001monthly", "amount": 500000, "metadata": {"fp_tid": "tid_paystack"},
                        "paid_at": "2025-11-24T16:00:00.000Z", "created_at": "2025-11-24T15:59:50.000Z", "plan": PLAN})
fixtures["charge.success.plan-monthly"] = monthly
PLAN_SALE = {"email": "bojack@horseman.com", "uid": "CUS_qo38as2hpsgk2r0", "event_id": "T0000000001monthly",
             "amount": "500000", "currency": "NGN", "plan": "PLN_gx2wn530m0i3w3m", "mrr": "500000",
             "created_at": "2025-11-24T16:00:00Z", "tid": "tid_paystack"}
expected["charge.success.plan-monthly"] = {"deliveries": [{"after": "signup signup-uid-CUS_qo38as2hpsgk2r0", "sale": PLAN_SALE}]}

# 3. An annual plan of R 1,200.00 (ZAR): MRR 120000 / 12 = 10000.
annual = copy.deepcopy(monthly)
annual["data"].update({"reference": "T0000000002annual", "amount": 120000, "currency": "ZAR", "metadata": 0,
                       "plan": dict(PLAN, plan_code="PLN_annual", amount=120000, interval="annually", currency="ZAR")})
fixtures["charge.success.plan-annual"] = annual
expected["charge.success.plan-annual"] = {"deliveries": [{"sale": {
    "email": "bojack@horseman.com", "uid": "CUS_qo38as2hpsgk2r0", "event_id": "T0000000002annual", "amount": "120000",
    "currency": "ZAR", "plan": "PLN_annual", "mrr": "10000", "created_at": "2025-11-24T16:00:00Z"}}]}

# 4. Test mode: ignored by default.
test = copy.deepcopy(charge)
test["data"].update({"domain": "test", "reference": "T0000000003test"})
fixtures["charge.success.test-mode"] = test
expected["charge.success.test-mode"] = {"deliveries": [{"ignored": "test-mode event (data.domain: test)"}]}

# 5. A currency without decimals (West African CFA franc): Paystack's subunit for it is not
#    confirmed, so the event fails, naming the field, instead of a sale 100 times off.
xof = copy.deepcopy(charge)
xof["data"].update({"reference": "T0000000004xof", "currency": "XOF", "amount": 500000})
fixtures["charge.success.xof"] = xof
expected["charge.success.xof"] = {"error": "data.amount is in XOF, a currency without two decimals"}

# 6. Refunds: part of the one-time charge (the amount a string, as Paystack writes it), and the
#    whole monthly charge. A refund names the customer's email only: the uid is the sale's.
def refund(reference, refund_reference, amount, **fields):
    data = {"status": "processed", "transaction_reference": reference, "refund_reference": refund_reference,
            "amount": amount, "currency": "NGN", "processor": "mastercard", "integration": 100982,
            "domain": "live", "customer": {"first_name": "BoJack", "last_name": "Horseman", "email": "bojack@horseman.com"}}
    data.update(fields)
    return {"event": "refund.processed", "data": data}

fixtures["refund.processed.partial"] = refund("qTPrJoy9Bx", "RF_0000000001", "4000")
expected["refund.processed.partial"] = {"after": ["charge.success"], "deliveries": [{"refund": {
    "email": "bojack@horseman.com", "uid": "CUS_qo38as2hpsgk2r0", "event_id": "RF_0000000001", "amount": "4000", "currency": "NGN",
    "sale_event_id": "qTPrJoy9Bx"}}]}
fixtures["refund.processed.full"] = refund("T0000000001monthly", "RF_0000000002", "500000")
expected["refund.processed.full"] = {"after": ["charge.success.plan-monthly"], "deliveries": [{"refund": {
    "email": "bojack@horseman.com", "uid": "CUS_qo38as2hpsgk2r0", "event_id": "RF_0000000002", "amount": "500000", "currency": "NGN",
    "sale_event_id": "T0000000001monthly"}}]}

# 7. Cancellation: the official sample is a test-mode event (ignored); the same in live mode.
raw["subscription.disable.test-mode"] = disable_body
expected["subscription.disable.test-mode"] = {"deliveries": [{"ignored": "test-mode event (data.domain: test)"}]}
live_disable = copy.deepcopy(disable)
live_disable["data"]["domain"] = "live"
fixtures["subscription.disable"] = live_disable
expected["subscription.disable"] = {"deliveries": [{"cancellation": {
    "email": "bojack@horsinaround.com", "uid": "CUS_xnxdt6s1zg1f4nx", "event_id": "SUB_vsyqdmlzble3uii"}}]}

# 8. An event the mapping file does not route.
create = copy.deepcopy(live_disable)
create["event"] = "subscription.create"
create["data"]["status"] = "active"
fixtures["subscription.create"] = create
expected["subscription.create"] = {"deliveries": [{"ignored": "subscription.create is not routed"}]}

write(OUT, fixtures, expected, raw=raw)

# Signature vectors: the reference's computed one over the sample as saved, and variants.
SECRET = "sk_test_0123456789abcdef0123456789abcdef01234567"
signature = hmac.new(SECRET.encode(), charge_body.encode("utf-8"), hashlib.sha512).hexdigest()
assert signature.startswith("28a50721d026fdfbb371fd3a20b0f769"), "the reference's vector"


def ps(name, expect, secrets, signature, body_file="charge.success.json", **extra):
    headers = {"x-paystack-signature": signature} if signature is not None else {}
    return vector(name, expect, {"SECRET_KEY": secrets}, headers, 0, body_file=body_file, **extra)


vectors = [
    ps("computed charge.success", "valid", [SECRET], signature),
    ps("rotation: the second key", "valid", ["sk_test_old", SECRET], signature),
    ps("wrong key", "no_match", ["sk_test_other"], signature),
    ps("another body under the same signature", "no_match", [SECRET], signature, "charge.success.test-mode.json"),
    ps("a SHA-256 signature is not Paystack's", "no_match", [SECRET],
       hmac.new(SECRET.encode(), charge_body.encode("utf-8"), hashlib.sha256).hexdigest()),
    ps("no x-paystack-signature header", "missing", [SECRET], None, error="missing x-paystack-signature header"),
]
write_vectors(OUT, vectors)
