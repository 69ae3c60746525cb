#!/usr/bin/env python3
"""Writes Tests/Fixtures/chargebee/: Chargebee webhook events and the FirstPromoter calls expected
of each, written by hand.

    python3 scripts/make-chargebee-fixtures.py [path to shared/reference/providers/samples]

Events start from real test-site captures kept in ../shared/reference/providers/samples
(bonusly/mock_chargebee): payment_succeeded, payment_refunded, subscription_cancelled.
Chargebee signs nothing; its check (HTTP Basic) is tested in the service tests.
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import copy, json, os, sys, datetime

SAMPLES = samples_folder()
OUT = output_folder("chargebee")

def sample(name):
    with open(os.path.join(SAMPLES, name)) as f:
        return json.load(f)

def iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

fixtures, expected = {}, {}

# 1. A yearly plan's first payment (the capture): no tax; Chargebee's own MRR.
paid = sample("chargebee-payment_succeeded.json")
fixtures["payment_succeeded"] = paid
SALE = {"email": "taxes@test.com", "uid": "16BjsrSIh4AdLqkD", "event_id": "txn_AzqYRySIstMLf6N", "amount": "450000",
        "plan": "contract-plan", "currency": "USD", "mrr": "25000", "subscription_id": "tax customer test",
        "created_at": iso(paid["content"]["transaction"]["date"])}
expected["payment_succeeded"] = {"deliveries": [{"sale": SALE}]}

# 2. The same with 20% tax on top and the customer's cf_tid: the sale excludes the tax.
taxed = copy.deepcopy(paid)
taxed["id"] = "ev_taxed0000000001"
taxed["content"]["transaction"].update({"id": "txn_taxed0000000001", "amount": 540000})
taxed["content"]["invoice"].update({"total": 540000, "tax": 90000, "amount_paid": 540000})
taxed["content"]["customer"]["cf_tid"] = "tid_chargebee"
fixtures["payment_succeeded.taxed-referred"] = taxed
expected["payment_succeeded.taxed-referred"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_taxed0000000001", tid="tid_chargebee")}]}

# 3. Half of it refunded: the refund names the payment; tax excluded as the sale was.
refunded = sample("chargebee-payment_refunded.json")
linked = copy.deepcopy(refunded)
linked["id"] = "ev_refund000000001"
linked["content"]["transaction"].update({"id": "txn_refund000000001", "amount": 270000,
                                         "refunded_txn_id": "txn_taxed0000000001", "customer_id": "16BjsrSIh4AdLqkD"})
linked["content"]["customer"] = {"id": "16BjsrSIh4AdLqkD", "email": "taxes@test.com"}
fixtures["payment_refunded.linked"] = linked
expected["payment_refunded.linked"] = {"after": ["payment_succeeded.taxed-referred"], "deliveries": [
    {"after": "sale txn_taxed0000000001", "refund": {
        "email": "taxes@test.com", "uid": "16BjsrSIh4AdLqkD", "event_id": "txn_refund000000001", "amount": "225000",
        "currency": "USD", "sale_event_id": "txn_taxed0000000001", "created_at": iso(refunded["content"]["transaction"]["date"])}}]}

# 3b. The rest of it refunded: the whole sale is back, tax excluded.
rest = copy.deepcopy(linked)
rest["id"] = "ev_refund000000002"
rest["content"]["transaction"].update({"id": "txn_refund000000002", "amount": 540000})
fixtures["payment_refunded.full"] = rest
expected["payment_refunded.full"] = {"after": ["payment_succeeded.taxed-referred"], "deliveries": [
    {"after": "sale txn_taxed0000000001", "refund": dict(
        expected["payment_refunded.linked"]["deliveries"][0]["refund"], event_id="txn_refund000000002", amount="450000")}]}

# 4. The capture's refund, of a payment the bridge never saw: held for it, then sent as charged.
fixtures["payment_refunded"] = refunded
r = refunded["content"]
expected["payment_refunded"] = {"waits": "its sale txn_3Nl7oGgQqGFs2lf is not recorded yet", "deliveries": [
    {"note": "as charged, tax not excluded", "refund": {
        "email": r["customer"]["email"], "uid": r["customer"]["id"], "event_id": r["transaction"]["id"], "amount": "2",
        "currency": "USD", "sale_event_id": "txn_3Nl7oGgQqGFs2lf", "created_at": iso(r["transaction"]["date"])}}]}

# 5. Cancellation.
cancelled = sample("chargebee-subscription_cancelled.json")
fixtures["subscription_cancelled"] = cancelled
s = cancelled["content"]["subscription"]
expected["subscription_cancelled"] = {"deliveries": [{"cancellation": {
    "uid": s["customer_id"], "event_id": s["id"], "created_at": iso(s["cancelled_at"])}}]}

# 6. A customer created with cf_tid: a signup; without it, only its email is remembered.
fixtures["customer_created"] = {"id": "ev_customer00000001", "occurred_at": 1607700000, "object": "event",
    "api_version": "v2", "event_type": "customer_created", "content": {"customer": {
        "id": "16BjsrSIh4AdLqkD", "email": "taxes@test.com", "cf_tid": "tid_chargebee", "object": "customer"}}}
expected["customer_created"] = {"deliveries": [{"signup": {
    "email": "taxes@test.com", "uid": "16BjsrSIh4AdLqkD", "tid": "tid_chargebee", "created_at": iso(1607700000)}}]}

# 6a. The next year's payment of the same subscription (a renewal invoice), with a 10% discount
#     taken off the invoice: the transaction paid 405000, which is the sale.
renewal = copy.deepcopy(paid)
renewal["id"] = "ev_renewal00000001"
next_year = paid["content"]["transaction"]["date"] + 365 * 86400
renewal["content"]["transaction"].update({"id": "txn_renewal00000001", "amount": 405000, "date": next_year})
renewal["content"]["invoice"].update({"id": "renewal-1", "recurring": True, "sub_total": 450000, "total": 405000, "tax": 0,
    "amount_paid": 405000, "date": next_year,
    "discounts": [{"amount": 45000, "description": "10% off", "entity_type": "document_level_coupon", "entity_id": "TENOFF"}]})
fixtures["payment_succeeded.renewal-discounted"] = renewal
expected["payment_succeeded.renewal-discounted"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_renewal00000001", amount="405000", created_at=iso(next_year))}]}

# 6b. Yen: Chargebee does not multiply zero-decimal amounts by 100; they stay whole yen.
yen = copy.deepcopy(paid)
yen["id"] = "ev_yen000000000001"
yen["content"]["transaction"].update({"id": "txn_yen000000000001", "amount": 9800, "currency_code": "JPY"})
yen["content"]["invoice"].update({"total": 9800, "tax": 0, "amount_paid": 9800, "currency_code": "JPY", "sub_total": 9800})
yen["content"]["subscription"]["mrr"] = 817
fixtures["payment_succeeded.yen"] = yen
expected["payment_succeeded.yen"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_yen000000000001", amount="9800", currency="JPY", mrr="817")}]}

# 6c. A payment of 0 (a fully discounted invoice): not a sale.
zero = copy.deepcopy(paid)
zero["id"] = "ev_zero00000000001"
zero["content"]["transaction"].update({"id": "txn_zero00000000001", "amount": 0})
zero["content"]["invoice"].update({"total": 0, "tax": 0, "amount_paid": 0})
fixtures["payment_succeeded.zero"] = zero
expected["payment_succeeded.zero"] = {"deliveries": [{"ignored": "paid 0"}]}

# 7. An event the mapping file does not route.
fixtures["invoice_generated"] = {"id": "ev_invoice00000001", "occurred_at": 1607700000, "object": "event",
    "api_version": "v2", "event_type": "invoice_generated", "content": {"invoice": paid["content"]["invoice"]}}
expected["invoice_generated"] = {"deliveries": [{"ignored": "invoice_generated is not routed"}]}

# Money the payload does not state: an invoice without its tax fails, naming the field.
without_tax = copy.deepcopy(fixtures["payment_succeeded.taxed-referred"])
del without_tax["content"]["invoice"]["tax"]
fixtures["payment_succeeded.without-tax"] = without_tax
expected["payment_succeeded.without-tax"] = {"error": "content.invoice.tax is missing"}

write(OUT, fixtures, expected)

# Chargebee signs nothing: its vectors are the webhook's HTTP Basic authentication.
import base64
CREDENTIALS = {"WEBHOOK_USERNAME": ["chargebee"], "WEBHOOK_PASSWORD": ["s3cret: with colon"]}


def cb(name, expect, authorization, credentials=CREDENTIALS, **extra):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return vector(name, expect, credentials, headers, 0, body_file="payment_succeeded.json", **extra)
# During a password change both are configured, comma-separated; the old one is removed after.
ROTATING = dict(CREDENTIALS, WEBHOOK_PASSWORD=["n3w password", "s3cret: with colon"])


basic = lambda text: "Basic " + base64.b64encode(text.encode()).decode()
vectors = [
    cb("the configured pair", "valid", basic("chargebee:s3cret: with colon")),
    cb("scheme in lower case", "valid", "basic " + basic("chargebee:s3cret: with colon")[6:]),
    cb("rotation: the old password, both configured", "valid", basic("chargebee:s3cret: with colon"), ROTATING),
    cb("rotation: the new password, both configured", "valid", basic("chargebee:n3w password"), ROTATING),
    cb("rotation: the old password once removed", "wrong_credentials", basic("chargebee:s3cret: with colon"),
       dict(CREDENTIALS, WEBHOOK_PASSWORD=["n3w password"])),
    cb("wrong password", "wrong_credentials", basic("chargebee:s3cret")),
    cb("wrong username", "wrong_credentials", basic("admin:s3cret: with colon")),
    cb("empty credentials", "wrong_credentials", basic(":")),
    cb("Bearer, not Basic", "malformed", "Bearer abc"),
    cb("not base64", "malformed", "Basic !!!"),
    cb("no Authorization header", "missing", None, error="missing Authorization header"),
]
write_vectors(OUT, vectors)
print(f"wrote {len(fixtures)} payloads, {len(expected)} expectations and {len(vectors)} vectors to {OUT}")
