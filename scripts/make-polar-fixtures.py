#!/usr/bin/env python3
"""Writes Tests/Fixtures/polar/: Polar webhook bodies, the FirstPromoter calls expected of each
(written by hand), and signature vectors checked with Polar's own SDK.

    pip install polar-sdk && python3 scripts/make-polar-fixtures.py

Polar publishes no full sample payload: bodies follow `{"type", "timestamp", "data"}` with the
order, subscription and customer fields of polar-python's models (`models/order.py`,
`models/subscription.py`; amounts in cents, currency lower-case). The event id is the
`webhook-id` header, not in the body.
"""
from fixture_files import output_folder, write, vector, write_vectors
import base64, copy, hashlib, hmac, importlib.metadata, json, os, time
import polar.webhooks

OUT = output_folder("polar")

CUSTOMER = {"id": "a1c0ffee-0000-4000-8000-000000000001", "email": "ana@example.com", "external_id": "user_ana",
            "name": "Ana", "metadata": {}, "created_at": "2025-11-01T10:00:00Z"}
MONTHLY = {"id": "5b0b0000-0000-4000-8000-000000000002", "status": "active", "amount": 2000, "currency": "usd",
           "recurring_interval": "month", "recurring_interval_count": 1, "customer_id": CUSTOMER["id"],
           "product_id": "9f3c0000-0000-4000-8000-000000000003", "cancel_at_period_end": False, "canceled_at": None,
           "ended_at": None, "started_at": "2025-11-24T16:00:00Z", "modified_at": "2025-11-24T16:00:00Z"}


def order(oid, net, tax, discount=0, subscription=MONTHLY, billing_reason="subscription_create", **fields):
    data = {"id": oid, "status": "paid", "paid": True, "subtotal_amount": net + discount, "discount_amount": discount,
            "net_amount": net, "tax_amount": tax, "total_amount": net + tax, "applied_balance_amount": 0,
            "due_amount": 0, "refunded_amount": 0, "refunded_tax_amount": 0, "currency": "usd",
            "billing_reason": billing_reason, "customer_id": CUSTOMER["id"],
            "product_id": (subscription or MONTHLY)["product_id"], "subscription_id": subscription and subscription["id"],
            "discount_id": None, "checkout_id": None, "metadata": {"fp_tid": "tid_polar"}, "customer": CUSTOMER,
            "subscription": subscription, "created_at": "2025-11-24T16:00:00Z", "modified_at": "2025-11-24T16:00:00Z"}
    data.update(fields)
    return data


def event(kind, data, timestamp="2025-11-24T16:00:05Z"):
    return {"type": kind, "timestamp": timestamp, "data": data}


fixtures, expected = {}, {}

# 1. A subscription's first order: $20.00, $4.00 tax on top; net_amount is the sale, MRR 2000.
first = order("0rd00000-0000-4000-8000-000000000010", 2000, 400)
fixtures["order.paid.subscription-first"] = event("order.paid", first)
FIRST_SALE = {"email": "ana@example.com", "uid": "user_ana", "event_id": first["id"], "amount": "2000", "currency": "USD",
              "plan": MONTHLY["product_id"], "mrr": "2000", "subscription_id": MONTHLY["id"],
              "created_at": "2025-11-24T16:00:00Z", "tid": "tid_polar"}
expected["order.paid.subscription-first"] = {"deliveries": [{"after": "signup signup-uid-user_ana", "sale": FIRST_SALE}]}
expected["order.paid.subscription-first-total"] = {"fixture": "order.paid.subscription-first", "amount_basis": "total_amount",
    "deliveries": [{"after": "signup signup-uid-user_ana", "sale": dict(FIRST_SALE, amount="2400", mrr="2400")}]}

# 2. A renewal with a 25% discount: $15.00 net of a $20.00 price, no tax.
renewal = order("0rd00000-0000-4000-8000-000000000011", 1500, 0, discount=500, billing_reason="subscription_cycle",
                created_at="2025-12-24T16:00:00Z")
fixtures["order.paid.renewal-discounted"] = event("order.paid", renewal, "2025-12-24T16:00:05Z")
expected["order.paid.renewal-discounted"] = {"deliveries": [{"after": "signup signup-uid-user_ana", "sale": dict(
    FIRST_SALE, event_id=renewal["id"], amount="1500", mrr="1500", created_at="2025-12-24T16:00:00Z")}]}

# 3. A yearly plan of ¥12,000 (yen has no decimals: 12000 is ¥12,000): MRR 1000.
yearly_sub = dict(MONTHLY, id="5b0b0000-0000-4000-8000-000000000004", amount=12000, currency="jpy", recurring_interval="year",
                  product_id="9f3c0000-0000-4000-8000-000000000005")
yearly = order("0rd00000-0000-4000-8000-000000000012", 12000, 0, subscription=yearly_sub, currency="jpy", metadata={})
fixtures["order.paid.yearly-yen"] = event("order.paid", yearly)
expected["order.paid.yearly-yen"] = {"deliveries": [{"sale": {
    "email": "ana@example.com", "uid": "user_ana", "event_id": yearly["id"], "amount": "12000", "currency": "JPY",
    "plan": yearly_sub["product_id"], "mrr": "1000", "subscription_id": yearly_sub["id"], "created_at": "2025-11-24T16:00:00Z"}}]}

# 4. A one-time purchase by a customer without an external id: Polar's customer id is the uid.
one_time = order("0rd00000-0000-4000-8000-000000000013", 4900, 0, subscription=None, billing_reason="purchase",
                 product_id="9f3c0000-0000-4000-8000-000000000006", metadata={},
                 customer=dict(CUSTOMER, external_id=None))
fixtures["order.paid.one-time"] = event("order.paid", one_time)
expected["order.paid.one-time"] = {"deliveries": [{"sale": {
    "email": "ana@example.com", "uid": CUSTOMER["id"], "event_id": one_time["id"], "amount": "4900", "currency": "USD",
    "plan": "9f3c0000-0000-4000-8000-000000000006", "created_at": "2025-11-24T16:00:00Z"}}]}

# 5. A 100% discount: a sale of 0, ignored by default.
free = order("0rd00000-0000-4000-8000-000000000014", 0, 0, discount=2000)
fixtures["order.paid.free"] = event("order.paid", free)
expected["order.paid.free"] = {"deliveries": [{"ignored": "paid 0"}]}

# 6. Refunds of the first order: $10.00 and its $2.00 tax, then the rest. refunded_amount and
#    refunded_tax_amount are cumulative; each step is sent without tax.
partial = copy.deepcopy(first)
partial.update({"status": "partially_refunded", "refunded_amount": 1000, "refunded_tax_amount": 200,
                "modified_at": "2025-11-26T16:00:00Z"})
fixtures["order.refunded.partial"] = event("order.refunded", partial, "2025-11-26T16:00:05Z")
expected["order.refunded.partial"] = {"after": ["order.paid.subscription-first"], "deliveries": [{"refund": {
    "email": "ana@example.com", "uid": "user_ana", "event_id": first["id"] + "-refunded-1200", "amount": "1000",
    "currency": "USD", "sale_event_id": first["id"], "created_at": "2025-11-26T16:00:00Z"}}]}
full = copy.deepcopy(first)
full.update({"status": "refunded", "refunded_amount": 2000, "refunded_tax_amount": 400, "modified_at": "2025-11-27T16:00:00Z"})
fixtures["order.refunded.full"] = event("order.refunded", full, "2025-11-27T16:00:05Z")
expected["order.refunded.full"] = {"after": ["order.paid.subscription-first", "order.refunded.partial"], "deliveries": [{"refund": {
    "email": "ana@example.com", "uid": "user_ana", "event_id": first["id"] + "-refunded-2400", "amount": "1000",
    "currency": "USD", "sale_event_id": first["id"], "created_at": "2025-11-27T16:00:00Z"}}]}

# 7. Cancellation: canceled (access to the period's end), then revoked: one subscription, one
#    event_id, so FirstPromoter gets one cancellation.
canceled = dict(MONTHLY, status="active", cancel_at_period_end=True, canceled_at="2025-12-01T09:00:00Z",
                modified_at="2025-12-01T09:00:00Z", customer=CUSTOMER)
fixtures["subscription.canceled"] = event("subscription.canceled", canceled, "2025-12-01T09:00:05Z")
CANCELLATION = {"email": "ana@example.com", "uid": "user_ana", "event_id": MONTHLY["id"], "created_at": "2025-12-01T09:00:00Z"}
expected["subscription.canceled"] = {"deliveries": [{"cancellation": CANCELLATION}]}
revoked = dict(canceled, status="canceled", ended_at="2025-12-24T16:00:00Z", modified_at="2025-12-24T16:00:00Z")
fixtures["subscription.revoked"] = event("subscription.revoked", revoked, "2025-12-24T16:00:05Z")
expected["subscription.revoked"] = {"deliveries": [{"cancellation": CANCELLATION}]}

# 8. An event the mapping file does not route.
fixtures["order.created"] = event("order.created", dict(first, status="pending", paid=False))
expected["order.created"] = {"deliveries": [{"ignored": "order.created is not routed"}]}

# 9. Money the payload does not state: an order without net_amount fails, naming it.
without_net = copy.deepcopy(first)
del without_net["net_amount"]
fixtures["order.paid.without-net-amount"] = event("order.paid", without_net)
expected["order.paid.without-net-amount"] = {"error": "data.net_amount is missing"}

write(OUT, fixtures, expected)

# Signature vectors, each checked against polar-sdk's own verifier at the vector's time.
SECRET = "whsec_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2JuK"  # the example in Polar's OpenAPI schema
T = 1700000000
with open(os.path.join(OUT, "order.paid.subscription-first.json"), encoding="utf-8") as f:
    body = f.read()


def sign(key, msg_id, timestamp, text):
    mac = hmac.new(key, f"{msg_id}.{timestamp}.{text}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def sdk_accepts(headers, text, secret, now=T):
    real = time.time
    time.time = lambda: now
    try:
        polar.webhooks._verify_signature(text, headers, secret)
        return True
    except polar.webhooks.PolarWebhookVerificationError:
        return False
    finally:
        time.time = real


raw_key = SECRET.encode()
decoded_key = base64.b64decode(SECRET.removeprefix("whsec_") + "=" * (-len(SECRET.removeprefix("whsec_")) % 4))
signed = sign(raw_key, "msg_polar_first", T, body)
by_decoded_key = sign(decoded_key, "msg_polar_first", T, body)


def pv(name, expect, secrets, signature, msg_id="msg_polar_first", timestamp=T, now=T, body_file="order.paid.subscription-first.json", tolerance=None):
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp)}
    if signature is not None:
        headers["webhook-signature"] = signature
    credentials = {"WEBHOOK_SECRET": secrets}
    if tolerance is not None:
        credentials["TOLERANCE_SECONDS"] = tolerance
    with open(os.path.join(OUT, body_file), encoding="utf-8") as f:
        text = f.read()
    if expect == "valid":
        assert sdk_accepts(headers, text, secrets[-1], now), name
    elif signature is not None:
        assert not sdk_accepts(headers, text, secrets[-1], now), name
    return vector(name, expect, credentials, headers, now, body_file=body_file)


vectors = [
    pv("keyed with the whole secret, as Polar signs", "valid", [SECRET], signed),
    pv("keyed with the secret base64-decoded after whsec_, which polar-sdk also accepts", "valid", [SECRET], by_decoded_key),
    pv("one of several signatures", "valid", [SECRET], "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + signed),
    pv("rotation: the second secret", "valid", ["whsec_old0000000000000000000000", SECRET], signed),
    pv("wrong secret", "no_match", ["whsec_other000000000000000000000"], signed),
    pv("another webhook-id under the same signature", "no_match", [SECRET], signed, msg_id="msg_polar_other"),
    pv("another body under the same signature", "no_match", [SECRET], signed, body_file="order.paid.renewal-discounted.json"),
    pv("a v2 signature is not checked", "malformed", [SECRET], signed.replace("v1,", "v2,")),
    pv("signed 10 minutes before it arrived", "too_old", [SECRET], sign(raw_key, "msg_polar_first", T - 600, body),
       timestamp=T - 600),
    pv("no webhook-signature header", "missing", [SECRET], None),
]
vectors[-1]["error"] = "missing webhook-signature header"
vectors[-3]["error"] = "no v1 signature"
write_vectors(OUT, vectors, checked_with="polar-sdk " + importlib.metadata.version("polar-sdk"))
