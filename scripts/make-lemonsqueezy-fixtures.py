#!/usr/bin/env python3
"""Writes Tests/Fixtures/lemonsqueezy/: Lemon Squeezy webhook bodies, the FirstPromoter calls
expected of each (written by hand), and signature vectors.

    python3 scripts/make-lemonsqueezy-fixtures.py [path to shared/reference/providers/samples]

Bodies start from the samples in ../shared/reference/providers/samples: the exact signed
`order_created` body of NdoleStudio/lemonsqueezy-go's verifier test (published X-Signature), and
the official API's subscription-invoice object wrapped as a webhook (`{"meta": …, "data": …}`),
with the attributes the confirmation pass lists (customer_id, user_email) added.
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import copy, hashlib, hmac, json, os, sys

SAMPLES = samples_folder()
OUT = output_folder("lemonsqueezy")

with open(os.path.join(SAMPLES, "lemonsqueezy-order_created.signed-body.json"), encoding="utf-8") as f:
    order_body = f.read()
order = json.loads(order_body)
with open(os.path.join(SAMPLES, "lemonsqueezy-subscription-invoice.api-object.json")) as f:
    invoice_object = json.load(f)["data"]

fixtures, raw, expected = {}, {}, {}

# 1. A one-time order (the signed sample, bytes as signed): 14.99 before 3.59 tax. Held for a
#    subscription that may claim it, then the sale.
raw["order_created.one-time"] = order_body
ORDER_SALE = {"email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "order_1", "amount": "1499", "plan": "1",
              "currency": "EUR", "created_at": "2023-01-17T12:26:23Z"}
expected["order_created.one-time"] = {"waits": "held for a subscription (subscription_created) or its first invoice",
                                      "deliveries": [{"sale": ORDER_SALE}]}

# 2. A subscription's first payment, with FirstPromoter's tid in the checkout's custom data.
def invoice_event(name, invoice_id="1", **attributes):
    data = copy.deepcopy(invoice_object)
    data["id"] = invoice_id
    data["attributes"].update({"customer_id": 1, "user_email": "dan@lemonsqueezy.com"}, **attributes)
    return {"meta": {"event_name": name, "custom_data": {"fp_tid": "tid_lemon"}}, "data": data}

fixtures["subscription_payment_success.initial"] = invoice_event("subscription_payment_success")
INVOICE_SALE = {"email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "subscription_invoice_1", "amount": "999",
                "currency": "USD", "subscription_id": "1", "created_at": "2023-01-18T12:16:24Z", "tid": "tid_lemon"}
expected["subscription_payment_success.initial"] = {"deliveries": [{"after": "signup signup-uid-1", "sale": INVOICE_SALE}]}
fixtures["subscription_payment_success.renewal"] = invoice_event(
    "subscription_payment_success", invoice_id="2", billing_reason="renewal", created_at="2023-02-18T12:16:24.000000Z",
    updated_at="2023-02-18T12:16:24.000000Z")
expected["subscription_payment_success.renewal"] = {"deliveries": [{"sale": dict(
    INVOICE_SALE, event_id="subscription_invoice_2", created_at="2023-02-18T12:16:24Z")}]}

# 2b. A trial's initial invoice of 0: not a sale.
fixtures["subscription_payment_success.trial"] = invoice_event(
    "subscription_payment_success", invoice_id="3", subtotal=0, total=0, created_at="2023-03-01T00:00:00.000000Z",
    updated_at="2023-03-01T00:00:00.000000Z")
expected["subscription_payment_success.trial"] = {"deliveries": [{"ignored": "paid 0"}]}

# 3. The same purchase's order: claimed by its subscription, or by the invoice that charged the
#    same customer the same total at the same time. Only the invoice is the sale.
first_order = copy.deepcopy(order)
first_order["data"]["id"] = "2"
first_order["meta"]["custom_data"] = {"fp_tid": "tid_lemon"}
first_order["data"]["attributes"].update({
    "currency": "USD", "subtotal": 999, "discount_total": 0, "tax": 0, "total": 999, "order_number": 2,
    "created_at": "2023-01-18T12:16:24.000000Z", "updated_at": "2023-01-18T12:16:24.000000Z"})
fixtures["order_created.subscription-first"] = first_order
fixtures["subscription_created"] = {"meta": {"event_name": "subscription_created"}, "data": {
    "type": "subscriptions", "id": "1", "attributes": {
        "store_id": 1, "customer_id": 1, "order_id": 2, "order_item_id": 2, "product_id": 1, "variant_id": 1,
        "user_email": "dan@lemonsqueezy.com", "status": "active", "ends_at": None, "test_mode": False,
        "created_at": "2023-01-18T12:16:24.000000Z", "updated_at": "2023-01-18T12:16:24.000000Z"}}}
expected["subscription_created"] = {"deliveries": [{"ignored": "recorded: order 2 started subscription 1"}]}
expected["order_created.subscription-first-claimed"] = {"fixture": "order_created.subscription-first",
    "after": ["subscription_created"], "deliveries": [{"ignored": "order 2 paid subscription_1, which is the sale"}]}
expected["order_created.subscription-first-same-charge"] = {"fixture": "order_created.subscription-first",
    "after": ["subscription_payment_success.initial"],
    "deliveries": [{"ignored": "charged 1 the same 999 USD at the same time"}]}

# 4. Refunds: refunded_amount is cumulative and includes tax; the refund is the sale's share.
refunded = copy.deepcopy(order)
refunded["meta"]["event_name"] = "order_refunded"
refunded["data"]["attributes"].update({"refunded_amount": 929, "updated_at": "2023-01-20T09:00:00.000000Z"})
fixtures["order_refunded.partial"] = refunded
expected["order_refunded.partial"] = {"after": ["order_created.one-time"], "deliveries": [{"after": "sale order_1", "refund": {
    "email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "order_1-refunded-929", "amount": "749", "currency": "EUR",
    "sale_event_id": "order_1", "created_at": "2023-01-20T09:00:00Z"}}]}
fixtures["subscription_payment_refunded"] = invoice_event(
    "subscription_payment_refunded", refunded_amount=999, status="refunded", refunded=True,
    updated_at="2023-01-25T09:00:00.000000Z")
expected["subscription_payment_refunded"] = {"after": ["subscription_payment_success.initial"], "deliveries": [{"refund": {
    "email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "subscription_invoice_1-refunded-999", "amount": "999",
    "currency": "USD", "sale_event_id": "subscription_invoice_1", "created_at": "2023-01-25T09:00:00Z"}}]}

# 4b. The subscription's first order refunded: the order was not the sale, its invoice was; the
#     refund finds it through the subscription the order started, or the same-charge claim.
first_refunded = copy.deepcopy(first_order)
first_refunded["meta"]["event_name"] = "order_refunded"
first_refunded["data"]["attributes"].update({"refunded_amount": 999, "updated_at": "2023-01-25T09:00:00.000000Z"})
fixtures["order_refunded.subscription-first"] = first_refunded
FIRST_REFUND = {"email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "order_2-refunded-999", "amount": "999",
                "currency": "USD", "sale_event_id": "subscription_invoice_1", "created_at": "2023-01-25T09:00:00Z"}
expected["order_refunded.subscription-first"] = {"after": ["subscription_created", "subscription_payment_success.initial"],
    "deliveries": [{"after": "sale subscription_invoice_1", "refund": FIRST_REFUND}]}
expected["order_refunded.subscription-first-same-charge"] = {"fixture": "order_refunded.subscription-first",
    "after": ["subscription_payment_success.initial", "order_created.subscription-first"],
    "deliveries": [{"after": "sale subscription_invoice_1", "refund": FIRST_REFUND}]}

# 5. Cancellation.
cancelled = copy.deepcopy(fixtures["subscription_created"])
cancelled["meta"]["event_name"] = "subscription_cancelled"
cancelled["data"]["attributes"].update({"status": "cancelled", "ends_at": "2023-02-18T12:16:24.000000Z",
                                        "updated_at": "2023-01-30T10:00:00.000000Z"})
fixtures["subscription_cancelled"] = cancelled
expected["subscription_cancelled"] = {"deliveries": [{"cancellation": {
    "email": "dan@lemonsqueezy.com", "uid": "1", "event_id": "subscription_1", "created_at": "2023-01-30T10:00:00Z"}}]}

# 6. Test mode, and an event the mapping file does not route.
test = copy.deepcopy(order)
test["data"]["attributes"]["test_mode"] = True
fixtures["order_created.test-mode"] = test
expected["order_created.test-mode"] = {"deliveries": [{"ignored": "test-mode event"}]}
fixtures["license_key_created"] = {"meta": {"event_name": "license_key_created"}, "data": {
    "type": "license-keys", "id": "1", "attributes": {"created_at": "2023-01-17T12:26:23.000000Z"}}}
expected["license_key_created"] = {"deliveries": [{"ignored": "license_key_created is not routed"}]}

# 7. A yearly plan, discounted, with LEMONSQUEEZY_API_KEY set: the webhook names the subscription
#    only; the subscription (GET /v1/subscriptions/4) names the variant and its price, whose
#    renewal interval (GET /v1/prices/11) gives the MRR. 120.00 less 24.00 off, 19.20 tax on top.
lookups = {}
fixtures["subscription_payment_success.yearly-discounted"] = invoice_event(
    "subscription_payment_success", invoice_id="4", subscription_id=4, billing_reason="renewal", subtotal=12000,
    discount_total=2400, tax=1920, total=11520, created_at="2023-04-01T08:00:00.000000Z",
    updated_at="2023-04-01T08:00:00.000000Z")
lookups["subscription_payment_success.yearly-discounted"] = {
    "/v1/subscriptions/4": {"jsonapi": {"version": "1.0"}, "data": {"type": "subscriptions", "id": "4", "attributes": {
        "store_id": 1, "customer_id": 1, "order_id": 5, "product_id": 3, "variant_id": 7, "status": "active",
        "user_email": "dan@lemonsqueezy.com", "test_mode": False,
        "first_subscription_item": {"id": 9, "subscription_id": 4, "price_id": 11, "quantity": 1, "is_usage_based": False,
                                    "created_at": "2023-04-01T08:00:00.000000Z", "updated_at": "2023-04-01T08:00:00.000000Z"},
        "created_at": "2023-04-01T08:00:00.000000Z", "updated_at": "2023-04-01T08:00:00.000000Z"}}},
    "/v1/prices/11": {"jsonapi": {"version": "1.0"}, "data": {"type": "prices", "id": "11", "attributes": {
        "variant_id": 7, "category": "subscription", "scheme": "standard", "usage_aggregation": None, "unit_price": 12000,
        "unit_price_decimal": None, "setup_fee_enabled": False, "setup_fee": None, "package_size": 1, "tiers": None,
        "renewal_interval_unit": "year", "renewal_interval_quantity": 1, "trial_interval_unit": None,
        "trial_interval_quantity": None, "min_price": None, "suggested_price": None, "tax_code": "saas",
        "created_at": "2023-03-01T08:00:00.000000Z", "updated_at": "2023-03-01T08:00:00.000000Z"}}},
}
YEARLY_SALE = dict(INVOICE_SALE, event_id="subscription_invoice_4", amount="9600", subscription_id="4", plan="7",
                   mrr="800", created_at="2023-04-01T08:00:00Z")
expected["subscription_payment_success.yearly-discounted"] = {"credentials": {"API_KEY": ["test-key"]},
                                                              "deliveries": [{"sale": YEARLY_SALE}]}
# 7b. The same without the API key: no plan, no MRR, the same amount.
expected["subscription_payment_success.yearly-without-api"] = {
    "fixture": "subscription_payment_success.yearly-discounted",
    "deliveries": [{"sale": {k: v for k, v in YEARLY_SALE.items() if k not in ("plan", "mrr")}}]}

# 8. A zero-decimal currency: Lemon Squeezy documents its amounts as integers of the currency's
#    smallest unit ("in cents"), so 1200 JPY is 1200 and passes through as FirstPromoter's minor units.
yen = copy.deepcopy(order)
yen["data"]["id"] = "6"
yen["data"]["attributes"].update({"currency": "JPY", "subtotal": 1200, "discount_total": 0, "tax": 0, "total": 1200,
                                  "order_number": 6})
fixtures["order_created.yen"] = yen
expected["order_created.yen"] = {"waits": "held for a subscription (subscription_created) or its first invoice",
                                 "deliveries": [{"sale": dict(ORDER_SALE, event_id="order_6", amount="1200", currency="JPY")}]}

# Money the payload does not state: an order without discount_total fails, naming the field.
# (Its tax_inclusive absent means prices exclude tax: the signed sample above has none.)
without_discount = copy.deepcopy(order)
del without_discount["data"]["attributes"]["discount_total"]
fixtures["order_created.without-discount"] = without_discount
expected["order_created.without-discount"] = {"error": "discount_total is missing"}

write(OUT, fixtures, expected, raw=raw, lookups=lookups)

# Signature vectors: the published one (lemonsqueezy-go), and computed ones.
body = order_body
published = "743c0dcfaab3a3d06198183501fb92cc82e548febc80937f3fb236a4932f748f"
assert hmac.new(b"signing-secret", body.encode("utf-8"), hashlib.sha256).hexdigest() == published
def ls(name, expect, secrets, signature, body_file="order_created.one-time.json", **extra):
    headers = {"X-Signature": signature} if signature is not None else {}
    return vector(name, expect, {"WEBHOOK_SECRET": secrets}, headers, 0, body_file=body_file, **extra)


vectors = [
    ls("published order_created", "valid", ["signing-secret"], published),
    ls("rotation: the second secret", "valid", ["old-secret", "signing-secret"], published),
    ls("wrong secret", "no_match", ["other-secret"], published),
    ls("tampered body (test mode flipped)", "no_match", ["signing-secret"], published, "order_created.test-mode.json"),
    ls("upper-case hex", "valid", ["signing-secret"], published.upper()),
    ls("not hex", "no_match", ["signing-secret"], "zz" + published[2:]),
    ls("no X-Signature header", "missing", ["signing-secret"], None, error="missing X-Signature header"),
]
write_vectors(OUT, vectors)
print(f"wrote {len(fixtures) + len(raw)} payloads, {len(expected)} expectations, {len(vectors)} vectors to {OUT}")
