#!/usr/bin/env python3
"""Writes Tests/Fixtures/fastspring/: FastSpring webhook requests (each a batch of events), the
FirstPromoter calls expected of each event (written by hand), and signature vectors.

    python3 scripts/make-fastspring-fixtures.py

Bodies follow FastSpring's webhook reference (developer.fastspring.com: order.completed,
subscription.charge.completed, return.created, subscription.canceled) with webhook expansion on:
`{"events": [{"id", "type", "live", "processed", "created", "data"}]}`, amounts as JSON numbers
in major units. Each fixture here is one event's own bytes, as the bridge stores it; the
batches are in `batch.*.json`. FastSpring publishes no signature vector and no Python SDK: the
vectors are computed with hmac (base64 HMAC-SHA256 of the body, as its docs describe).
"""
from fixture_files import output_folder, write, vector, write_vectors
import base64, copy, hashlib, hmac, json, os

OUT = output_folder("fastspring")
T = 1764000000000  # 2025-11-24T16:00:00Z, in milliseconds

ACCOUNT = {"id": "acc_FS1Ivy", "account": "acc_FS1Ivy", "contact": {"first": "Ivy", "last": "Lee", "email": "ivy@example.com"},
           "language": "en", "country": "US", "lookup": {"global": "FS1Ivy"}}
MONTHLY = {"id": "sub_FS1Monthly", "subscription": "sub_FS1Monthly", "active": True, "state": "active", "live": True,
           "changed": T, "account": "acc_FS1Ivy", "product": "pro-monthly", "currency": "USD", "price": 20.0,
           "intervalUnit": "month", "intervalLength": 1, "quantity": 1}


def order(oid, total, tax, subtotal=None, discount=0, currency="USD", product="pro-monthly", subscription=MONTHLY, live=True,
          tags=None, changed=T):
    items = [{"product": product, "quantity": 1, "display": product, "sku": None, "subtotal": subtotal if subtotal is not None else total - tax,
              "discount": discount, "subscription": subscription}]
    return {"order": oid, "id": oid, "reference": "FS" + oid[-6:], "buyerReference": None, "completed": True, "changed": changed,
            "changedValue": changed, "changedInSeconds": changed // 1000, "language": "en", "live": live, "currency": currency,
            "payoutCurrency": currency, "account": ACCOUNT, "total": total, "tax": tax,
            "subtotal": subtotal if subtotal is not None else total - tax, "discount": discount,
            "customer": {"first": "Ivy", "last": "Lee", "email": "ivy@example.com", "company": None, "phone": None},
            "items": items, "tags": tags or {}}


def event(eid, kind, data, live=True, created=T + 5000):
    return {"id": eid, "live": live, "processed": False, "type": kind, "created": created, "data": data}


fixtures, expected = {}, {}

# 1. A subscription's first purchase: $21.99 with $2.00 tax, a tid in the checkout's tags.
first = order("ord_FS1000001", 21.99, 2.0, tags={"fp_tid": "tid_fastspring"})
fixtures["order.completed.subscription-first"] = event("evt_FS1", "order.completed", first)
SALE = {"email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "ord_FS1000001", "amount": "1999", "quantity": "1",
        "plan": "pro-monthly", "currency": "USD", "mrr": "1999", "subscription_id": "sub_FS1Monthly",
        "created_at": "2025-11-24T16:00:00Z", "tid": "tid_fastspring"}
expected["order.completed.subscription-first"] = {"deliveries": [{"after": "signup signup-uid-acc_FS1Ivy", "sale": SALE}]}

# 2. A rebill with a 10% coupon already taken off: $18.00, no tax.
rebill = order("ord_FS1000002", 18.0, 0.0, discount=2.0, changed=T + 30 * 86400000)
fixtures["subscription.charge.completed"] = event("evt_FS2", "subscription.charge.completed",
                                                 {"order": rebill, "subscription": MONTHLY, "account": ACCOUNT},
                                                 created=T + 30 * 86400000 + 5000)
expected["subscription.charge.completed"] = {"deliveries": [{"after": "signup signup-uid-acc_FS1Ivy", "sale": dict(
    SALE, event_id="ord_FS1000002", amount="1800", mrr="1800", created_at="2025-12-24T16:00:00Z", tid=None)}]}
del expected["subscription.charge.completed"]["deliveries"][0]["sale"]["tid"]

# 2b. Without webhook expansion the charge's order is only an id: the event fails, naming it.
fixtures["subscription.charge.completed.unexpanded"] = event("evt_FS3", "subscription.charge.completed",
                                                            {"order": "ord_FS1000003", "subscription": "sub_FS1Monthly",
                                                             "account": "acc_FS1Ivy"})
expected["subscription.charge.completed.unexpanded"] = {"error": "turn on webhook expansion"}

# 3. A yearly plan in yen (no decimals): ¥12,000 with ¥1,200 tax, MRR 12000 / 12 = 1000.
yearly_sub = dict(MONTHLY, id="sub_FS1Yearly", subscription="sub_FS1Yearly", product="pro-yearly", currency="JPY",
                  intervalUnit="year", price=12000)
yearly = order("ord_FS1000004", 13200, 1200, currency="JPY", product="pro-yearly", subscription=yearly_sub)
fixtures["order.completed.yearly-yen"] = event("evt_FS4", "order.completed", yearly)
expected["order.completed.yearly-yen"] = {"deliveries": [{"after": "signup signup-uid-acc_FS1Ivy", "sale": {
    "email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "ord_FS1000004", "amount": "12000", "quantity": "1",
    "plan": "pro-yearly", "currency": "JPY", "mrr": "1000", "subscription_id": "sub_FS1Yearly",
    "created_at": "2025-11-24T16:00:00Z"}}]}

# 4. A one-time product, a free one (100% coupon: ignored), and a test order (ignored).
one_time = order("ord_FS1000005", 49.0, 0.0, product="ebook", subscription=None)
fixtures["order.completed.one-time"] = event("evt_FS5", "order.completed", one_time)
expected["order.completed.one-time"] = {"deliveries": [{"after": "signup signup-uid-acc_FS1Ivy", "sale": {
    "email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "ord_FS1000005", "amount": "4900", "quantity": "1",
    "plan": "ebook", "currency": "USD", "created_at": "2025-11-24T16:00:00Z"}}]}
free = order("ord_FS1000006", 0.0, 0.0, discount=49.0, product="ebook", subscription=None)
fixtures["order.completed.free"] = event("evt_FS6", "order.completed", free)
expected["order.completed.free"] = {"deliveries": [{"ignored": "paid 0"}]}
test = order("ord_FS1000007", 21.99, 2.0, live=False)
fixtures["order.completed.test-mode"] = event("evt_FS7", "order.completed", test, live=False)
expected["order.completed.test-mode"] = {"deliveries": [{"ignored": "test-mode event (live: false)"}]}

# 5. Returns: part of the first purchase ($10.995 is not a price: $11.00 with tax), and all of it.
def returned(rid, amount, order_id="ord_FS1000001"):
    return {"id": rid, "return": rid, "reference": "RT" + rid[-4:], "completed": True, "changed": T + 2 * 86400000,
            "live": True, "account": ACCOUNT, "currency": "USD", "payoutCurrency": "USD", "totalReturn": amount,
            "totalReturnInPayoutCurrency": amount, "type": "RETURN", "reason": "DUPLICATE_ORDER", "note": "",
            "original": {"id": order_id, "order": order_id, "reference": "FS000001", "account": "acc_FS1Ivy",
                         "currency": "USD", "payoutCurrency": "USD", "total": 21.99},
            "customer": {"first": "Ivy", "last": "Lee", "email": "ivy@example.com"}}

fixtures["return.created.partial"] = event("evt_FS8", "return.created", returned("ret_FS1001", 11.0), created=T + 2 * 86400000)
# 1100 × 1999 / 2199 = 999.99…: the refund is 1000 (rounded), never more than the sale.
expected["return.created.partial"] = {"after": ["order.completed.subscription-first"], "deliveries": [{"refund": {
    "email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "ret_FS1001", "amount": "1000", "currency": "USD",
    "sale_event_id": "ord_FS1000001", "created_at": "2025-11-26T16:00:00Z"}}]}
fixtures["return.created.full"] = event("evt_FS9", "return.created", returned("ret_FS1002", 49.0, "ord_FS1000005"),
                                        created=T + 2 * 86400000)
expected["return.created.full"] = {"after": ["order.completed.one-time"], "deliveries": [{"refund": {
    "email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "ret_FS1002", "amount": "4900", "currency": "USD",
    "sale_event_id": "ord_FS1000005", "created_at": "2025-11-26T16:00:00Z"}}]}

# 6. A cancellation, and an event the mapping file does not route.
canceled = dict(MONTHLY, state="canceled", active=False, changed=T + 7 * 86400000, account=ACCOUNT)
fixtures["subscription.canceled"] = event("evt_FS10", "subscription.canceled", canceled, created=T + 7 * 86400000)
expected["subscription.canceled"] = {"deliveries": [{"cancellation": {
    "email": "ivy@example.com", "uid": "acc_FS1Ivy", "event_id": "sub_FS1Monthly", "created_at": "2025-12-01T16:00:00Z"}}]}
fixtures["subscription.activated"] = event("evt_FS11", "subscription.activated", dict(MONTHLY, account=ACCOUNT))
expected["subscription.activated"] = {"deliveries": [{"ignored": "subscription.activated is not routed"}]}

# 7. Money the payload does not state: an order without its tax fails, naming it.
without_tax = copy.deepcopy(first)
del without_tax["tax"]
fixtures["order.completed.without-tax"] = event("evt_FS12", "order.completed", without_tax)
expected["order.completed.without-tax"] = {"error": "data.tax is missing"}

write(OUT, fixtures, expected)

# The batches FastSpring posts: several events in one request, bytes as FastSpring writes them.
def batch(*names):
    return '{"events":[' + ",".join(json.dumps(fixtures[name], separators=(",", ":")) for name in names) + "]}"

batches = {"batch.first-purchase": batch("order.completed.subscription-first", "subscription.activated"),
           "batch.return-and-cancel": batch("return.created.partial", "subscription.canceled")}
for name, text in batches.items():
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        f.write(text)

SECRET = "fastspring-hmac-secret"
body = batches["batch.first-purchase"]
signature = base64.b64encode(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest()).decode()


def fs(name, expect, secrets, signature, body_file="batch.first-purchase.json", **extra):
    headers = {"X-FS-Signature": signature} if signature is not None else {}
    return vector(name, expect, {"WEBHOOK_SECRET": secrets}, headers, 0, body_file=body_file, **extra)


vectors = [
    fs("a batch as signed", "valid", [SECRET], signature),
    fs("rotation: the second secret", "valid", ["old-secret", SECRET], signature),
    fs("wrong secret", "no_match", ["other-secret"], signature),
    fs("another batch under the same signature", "no_match", [SECRET], signature, "batch.return-and-cancel.json"),
    fs("hex instead of base64", "no_match", [SECRET], hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()),
    fs("no X-FS-Signature header", "missing", [SECRET], None, error="missing X-FS-Signature header"),
]
write_vectors(OUT, vectors)
