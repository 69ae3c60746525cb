#!/usr/bin/env python3
"""Writes Tests/Fixtures/stripe/: Stripe payloads, the FirstPromoter calls expected of each, and
signature vectors signed and checked with Stripe's official Python library.

    pip install stripe && python3 scripts/make-stripe-fixtures.py

Payload shapes follow ../shared/reference/providers/stripe-api-versions.md: "basil" payloads
(API 2025-03-31 and later: parent.subscription_details, lines[].pricing.price_details) and
"acacia" ones (older: invoice.subscription, lines[].price with recurring). The expectations are
written by hand from the issue's rules, not computed from the payloads.
"""
import json
import os
import stripe

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "stripe")
PAID_AT = 1764000000          # 2025-11-24T16:00:00Z
MONTH_START, MONTH_END = 1761955200, 1764547200   # 2025-11-01 .. 2025-12-01 (30 days)
CREATED = 1764000005


def event(evt_id, type_, obj, livemode=True, api_version="2025-10-29.clover", previous=None):
    data = {"object": obj}
    if previous is not None:
        data["previous_attributes"] = previous
    return {
        "id": evt_id, "object": "event", "api_version": api_version, "created": CREATED,
        "data": data, "livemode": livemode, "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None}, "type": type_,
    }


def basil_invoice(inv_id, *, currency="usd", subtotal, total_excl, tax, amount_paid, customer="cus_Alice",
                  email="alice@example.com", sub="sub_Alice", sub_metadata=None, metadata=None, price="price_pro_monthly",
                  line_amount=None, period=(MONTH_START, MONTH_END), livemode=True, quantity=1):
    total = total_excl + tax
    return {
        "id": inv_id, "object": "invoice", "account_country": "US", "amount_due": total,
        "amount_overpaid": 0, "amount_paid": amount_paid, "amount_remaining": total - amount_paid,
        "billing_reason": "subscription_cycle", "collection_method": "charge_automatically",
        "created": PAID_AT - 3600, "currency": currency, "customer": customer, "customer_email": email,
        "discounts": ["di_1SpringSale"] if subtotal != total_excl else [],
        "lines": {"object": "list", "has_more": False, "url": f"/v1/invoices/{inv_id}/lines", "data": [{
            "id": "il_" + inv_id[3:], "object": "line_item", "amount": subtotal if line_amount is None else line_amount,
            "currency": currency, "description": "1 × Pro", "discount_amounts": [], "discountable": True,
            "discounts": [], "invoice": inv_id, "livemode": livemode, "metadata": {},
            "parent": {"type": "subscription_item_details", "invoice_item_details": None,
                       "subscription_item_details": {"invoice_item": None, "proration": False,
                                                     "proration_details": {"credited_items": None},
                                                     "subscription": sub, "subscription_item": "si_" + sub[4:]}},
            "period": {"start": period[0], "end": period[1]},
            "pricing": {"type": "price_details", "price_details": {"price": price, "product": "prod_Pro"},
                        "unit_amount_decimal": str(subtotal)},
            "quantity": quantity, "subtotal": subtotal, "taxes": [],
        }]},
        "livemode": livemode, "metadata": metadata or {},
        "parent": {"type": "subscription_details", "quote_details": None,
                   "subscription_details": {"metadata": sub_metadata or {}, "subscription": sub}},
        "status": "paid", "status_transitions": {"finalized_at": PAID_AT - 3000, "marked_uncollectible_at": None,
                                                 "paid_at": PAID_AT, "voided_at": None},
        "subtotal": subtotal, "subtotal_excluding_tax": subtotal, "total": total,
        "total_discount_amounts": ([{"amount": subtotal - total_excl, "discount": "di_1SpringSale"}]
                                   if subtotal != total_excl else []),
        "total_excluding_tax": total_excl, "total_pretax_credit_amounts": [],
        "total_taxes": [{"amount": tax, "tax_behavior": "exclusive", "tax_rate_details": {"tax_rate": "txr_1"},
                         "taxability_reason": "standard_rated", "taxable_amount": total_excl,
                         "type": "tax_rate_details"}] if tax else [],
    }


fixtures = {}
expected = {}

# 1. basil invoice.paid: 20% discount, tax on top, referral in subscription metadata, MRR from the
#    line's period (30 days → monthly) since the bridge has no record of the subscription.
fixtures["invoice.paid.basil-tax-discount"] = event("evt_1BasilTax", "invoice.paid", basil_invoice(
    "in_1BasilTax", subtotal=10000, total_excl=8000, tax=1600, amount_paid=9600,
    sub_metadata={"fp_tid": "tid_from_cookie", "plan_tier": "pro"}, metadata={"fp_ref_id": "ref_alice_friend"}))
expected["invoice.paid.basil-tax-discount"] = {"deliveries": [{"sale": {
    "email": "alice@example.com", "uid": "cus_Alice", "event_id": "in_1BasilTax", "amount": "8000",
    "plan": "price_pro_monthly", "currency": "USD", "mrr": "10000", "subscription_id": "sub_Alice",
    "created_at": "2025-11-24T16:00:00Z", "tid": "tid_from_cookie", "ref_id": "ref_alice_friend"}}]}

# 2. The same invoice's invoice.payment_succeeded: the same sale (same event_id), so the outbox
#    keeps one.
fixtures["invoice.payment_succeeded.basil-tax-discount"] = event(
    "evt_1BasilTaxPS", "invoice.payment_succeeded", fixtures["invoice.paid.basil-tax-discount"]["data"]["object"])
expected["invoice.payment_succeeded.basil-tax-discount"] = expected["invoice.paid.basil-tax-discount"]

# 3. acacia (pre-2025-03-31) invoice.payment_succeeded: yearly price × 2 seats, a coupon, tax in
#    `tax`, subscription metadata in `subscription_details`, charge and payment intent named.
acacia = {
    "id": "in_1AcaciaYear", "object": "invoice", "amount_due": 211200, "amount_paid": 211200,
    "amount_remaining": 0, "billing_reason": "subscription_create", "charge": "ch_1AcaciaYear",
    "created": PAID_AT - 60, "currency": "eur", "customer": "cus_Bob", "customer_email": "bob@example.com",
    "discount": {"id": "di_1Spring", "object": "discount", "coupon": {"id": "SPRING20", "object": "coupon",
                                                                      "percent_off": 20}},
    "discounts": ["di_1Spring"],
    "lines": {"object": "list", "has_more": False, "url": "/v1/invoices/in_1AcaciaYear/lines", "data": [{
        "id": "il_1AcaciaYear", "object": "line_item", "amount": 240000, "currency": "eur",
        "description": "2 × Gold (yearly)", "period": {"start": PAID_AT, "end": PAID_AT + 365 * 86400},
        "plan": {"id": "price_gold_yearly", "object": "plan", "amount": 120000, "interval": "year", "interval_count": 1},
        "price": {"id": "price_gold_yearly", "object": "price", "currency": "eur", "unit_amount": 120000,
                  "recurring": {"interval": "year", "interval_count": 1, "usage_type": "licensed"}, "type": "recurring"},
        "proration": False, "quantity": 2, "subscription": "sub_Bob", "subscription_item": "si_Bob",
        "type": "subscription"}]},
    "livemode": True, "metadata": {}, "paid": True, "payment_intent": "pi_1AcaciaYear",
    "status": "paid", "status_transitions": {"paid_at": PAID_AT}, "subscription": "sub_Bob",
    "subscription_details": {"metadata": {"fp_ref_id": "ref_carol"}},
    "subtotal": 240000, "tax": 19200, "total": 211200, "total_excluding_tax": 192000,
    "total_tax_amounts": [{"amount": 19200, "inclusive": False, "tax_rate": "txr_de"}],
}
fixtures["invoice.payment_succeeded.acacia-yearly"] = event(
    "evt_1AcaciaYear", "invoice.payment_succeeded", acacia, api_version="2024-06-20")
expected["invoice.payment_succeeded.acacia-yearly"] = {"deliveries": [{"sale": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "in_1AcaciaYear", "amount": "192000",
    "plan": "gold-yearly", "currency": "EUR", "mrr": "20000", "subscription_id": "sub_Bob",
    "created_at": "2025-11-24T16:00:00Z", "promo_code": "SPRING20", "ref_id": "ref_carol"}}],
    "plans": {"price_gold_yearly": "gold-yearly"}}

# 4. JPY: zero-decimal, whole yen stay whole.
fixtures["invoice.paid.jpy"] = event("evt_1Yen", "invoice.paid", basil_invoice(
    "in_1Yen", currency="jpy", subtotal=4980, total_excl=4980, tax=498, amount_paid=5478, customer="cus_Kenji",
    email="kenji@example.jp", sub="sub_Kenji", price="price_jp_basic"))
expected["invoice.paid.jpy"] = {"deliveries": [{"sale": {
    "email": "kenji@example.jp", "uid": "cus_Kenji", "event_id": "in_1Yen", "amount": "4980",
    "plan": "price_jp_basic", "currency": "JPY", "mrr": "4980", "subscription_id": "sub_Kenji",
    "created_at": "2025-11-24T16:00:00Z"}}]}

# 5. ISK: Stripe sends multiples of 100; FirstPromoter takes whole krónur.
fixtures["invoice.paid.isk"] = event("evt_1Krona", "invoice.paid", basil_invoice(
    "in_1Krona", currency="isk", subtotal=990000, total_excl=990000, tax=0, amount_paid=990000,
    customer="cus_Gudrun", email="gudrun@example.is", sub="sub_Gudrun", price="price_is_pro"))
expected["invoice.paid.isk"] = {"deliveries": [{"sale": {
    "email": "gudrun@example.is", "uid": "cus_Gudrun", "event_id": "in_1Krona", "amount": "9900",
    "plan": "price_is_pro", "currency": "ISK", "mrr": "9900", "subscription_id": "sub_Gudrun",
    "created_at": "2025-11-24T16:00:00Z"}}]}

# 6. Half paid from the customer's credit balance: the paid share of the pre-tax total.
fixtures["invoice.paid.partly-from-credit"] = event("evt_1Credit", "invoice.paid", basil_invoice(
    "in_1Credit", subtotal=10000, total_excl=10000, tax=2000, amount_paid=6000, customer="cus_Dana",
    email="dana@example.com", sub="sub_Dana"))
expected["invoice.paid.partly-from-credit"] = {"deliveries": [{"sale": {
    "email": "dana@example.com", "uid": "cus_Dana", "event_id": "in_1Credit", "amount": "5000",
    "plan": "price_pro_monthly", "currency": "USD", "mrr": "10000", "subscription_id": "sub_Dana",
    "created_at": "2025-11-24T16:00:00Z"}}]}

# 7. A trial invoice: paid 0, not a sale.
fixtures["invoice.paid.zero-amount"] = event("evt_1Trial", "invoice.paid", basil_invoice(
    "in_1Trial", subtotal=0, total_excl=0, tax=0, amount_paid=0, customer="cus_Eve", email="eve@example.com",
    sub="sub_Eve"))
expected["invoice.paid.zero-amount"] = {"deliveries": [{"ignored": "paid 0"}]}

# 8. Test mode: ignored under the default mapping file.
fixtures["invoice.paid.test-mode"] = event("evt_1TestMode", "invoice.paid", basil_invoice(
    "in_1TestMode", subtotal=2000, total_excl=2000, tax=0, amount_paid=2000, livemode=False), livemode=False)
expected["invoice.paid.test-mode"] = {"deliveries": [{"ignored": "test-mode"}]}

# 9-10. An acacia charge refunded in two steps: first with previous_attributes, then without
#       (the bridge's record of the first step gives the previous total).
def acacia_charge(refunded):
    return {
        "id": "ch_1AcaciaYear", "object": "charge", "amount": 211200, "amount_captured": 211200,
        "amount_refunded": refunded, "billing_details": {"email": None, "name": "Bob"}, "captured": True,
        "created": PAID_AT, "currency": "eur", "customer": "cus_Bob", "invoice": "in_1AcaciaYear",
        "livemode": True, "metadata": {}, "paid": True, "payment_intent": "pi_1AcaciaYear",
        "receipt_email": "bob@example.com", "refunded": refunded == 211200, "status": "succeeded",
    }

fixtures["charge.refunded.acacia-partial"] = event(
    "evt_1RefundPart", "charge.refunded", acacia_charge(50000), api_version="2024-06-20",
    previous={"amount_refunded": 0, "refunded": False})
expected["charge.refunded.acacia-partial"] = {"deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "ch_1AcaciaYear-refunded-50000", "amount": "50000",
    "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}}]}

fixtures["charge.refunded.acacia-rest"] = event(
    "evt_1RefundRest", "charge.refunded", acacia_charge(211200), api_version="2024-06-20")
expected["charge.refunded.acacia-rest"] = {"after": ["charge.refunded.acacia-partial"], "deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "ch_1AcaciaYear-refunded-211200", "amount": "161200",
    "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}}]}

# Without the bridge's record and without previous_attributes: the whole cumulative amount.
expected["charge.refunded.acacia-rest-alone"] = {"fixture": "charge.refunded.acacia-rest", "deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "ch_1AcaciaYear-refunded-211200", "amount": "211200",
    "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}}]}

# 11-12. basil: the charge names no invoice; invoice_payment.paid said which intent paid it.
fixtures["invoice_payment.paid"] = event("evt_1InvPay", "invoice_payment.paid", {
    "id": "inpay_1BasilTax", "object": "invoice_payment", "amount_paid": 9600, "amount_requested": 9600,
    "created": PAID_AT, "currency": "usd", "invoice": "in_1BasilTax", "is_default": True, "livemode": True,
    "payment": {"type": "payment_intent", "payment_intent": "pi_1BasilTax"}, "status": "paid",
    "status_transitions": {"canceled_at": None, "paid_at": PAID_AT}})
expected["invoice_payment.paid"] = {"deliveries": [{"ignored": "recorded: payment_intent pi_1BasilTax paid invoice in_1BasilTax"}]}

fixtures["charge.refunded.basil-linked"] = event("evt_1RefundBasil", "charge.refunded", {
    "id": "ch_1BasilTax", "object": "charge", "amount": 9600, "amount_captured": 9600, "amount_refunded": 4800,
    "billing_details": {"email": "alice@example.com"}, "captured": True, "created": PAID_AT, "currency": "usd",
    "customer": "cus_Alice", "livemode": True, "metadata": {}, "paid": True, "payment_intent": "pi_1BasilTax",
    "receipt_email": None, "refunded": False, "status": "succeeded"})
expected["charge.refunded.basil-linked"] = {"after": ["invoice_payment.paid"], "deliveries": [{"refund": {
    "email": "alice@example.com", "uid": "cus_Alice", "event_id": "ch_1BasilTax-refunded-4800", "amount": "4800",
    "currency": "USD", "sale_event_id": "in_1BasilTax", "created_at": "2025-11-24T16:00:05Z"}}]}

# 13. A subscription's items: recorded for its invoices' MRR (3 seats × 49.00 a month).
subscription = {
    "id": "sub_Alice", "object": "subscription", "cancel_at_period_end": False, "canceled_at": None,
    "created": PAID_AT - 86400, "currency": "usd", "customer": "cus_Alice", "ended_at": None,
    "items": {"object": "list", "has_more": False, "data": [{
        "id": "si_Alice", "object": "subscription_item", "quantity": 3,
        "price": {"id": "price_pro_monthly", "object": "price", "currency": "usd", "unit_amount": 4900,
                  "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"}}}]},
    "livemode": True, "metadata": {}, "status": "active",
}
fixtures["customer.subscription.updated"] = event("evt_1SubUpd", "customer.subscription.updated", subscription,
                                                  previous={"items": {}})
expected["customer.subscription.updated"] = {"deliveries": [{"ignored": "recorded: subscription sub_Alice has MRR 14700"}]}

# 14. The basil invoice again, now that the bridge knows the subscription: MRR from its items.
expected["invoice.paid.basil-recorded-mrr"] = {
    "fixture": "invoice.paid.basil-tax-discount", "after": ["customer.subscription.updated"],
    "deliveries": [{"sale": dict(expected["invoice.paid.basil-tax-discount"]["deliveries"][0]["sale"], mrr="14700")}]}

# 15. Cancellation.
cancelled = dict(subscription, status="canceled", canceled_at=PAID_AT + 100, ended_at=PAID_AT + 200)
fixtures["customer.subscription.deleted"] = event("evt_1SubDel", "customer.subscription.deleted", cancelled)
expected["customer.subscription.deleted"] = {"deliveries": [{"cancellation": {
    "uid": "cus_Alice", "event_id": "sub_Alice", "created_at": "2025-11-24T16:03:20Z"}}]}

# 16. An event type the mapping file does not route.
fixtures["customer.created"] = event("evt_1CustNew", "customer.created", {
    "id": "cus_New", "object": "customer", "email": "new@example.com", "livemode": True})
expected["customer.created"] = {"deliveries": [{"ignored": "customer.created is not routed"}]}

os.makedirs(OUT, exist_ok=True)
for name, payload in fixtures.items():
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        f.write(json.dumps(payload, indent=2) + "\n")
for name, exp in expected.items():
    exp.setdefault("fixture", name)
    with open(os.path.join(OUT, f"{name}.expected.json"), "w") as f:
        f.write(json.dumps(exp, indent=2, sort_keys=True) + "\n")

# Signature vectors: headers made by stripe-python, verdicts by stripe-python's verify_header.
W = stripe.WebhookSignature
SECRET, OLD_SECRET, WRONG = "whsec_test_secret", "whsec_rotated_out_9c1b", "whsec_wrong"
body = open(os.path.join(OUT, "invoice.paid.basil-tax-discount.json")).read()
t = 1764000000


def official(payload, header, secret):
    try:
        W.verify_header(payload, header, secret, tolerance=None)
        return True
    except stripe.SignatureVerificationError as e:
        return str(e).split(".")[0]


good = W.generate_signature_header(body, SECRET, t)
old_good = W.generate_signature_header(body, OLD_SECRET, t)
vectors = [
    ("valid", [SECRET], good, body, t + 10, "valid"),
    ("second v1 valid", [SECRET], "t=%d,v1=%s,%s" % (t, "5" * 64, good.split(",")[1]), body, t, "valid"),
    ("valid then bad v1 (stripe-python test)", [SECRET], good + ",v1=bad_signature", body, t, "valid"),
    ("v0 only", [SECRET], "t=%d,v0=%s" % (t, good.split("v1=")[1]), body, t, "malformed"),
    ("wrong secret", [WRONG], good, body, t, "no_match"),
    ("rotation: old secret signed, both configured", [SECRET, OLD_SECRET], old_good, body, t, "valid"),
    ("rotation: both signatures sent", [SECRET], old_good + "," + good.split(",")[1], body, t, "valid"),
    ("rotation: secret removed", [SECRET], old_good, body, t, "no_match"),
    ("old timestamp", [SECRET], good, body, t + 301, "too_old"),
    ("at the tolerance", [SECRET], good, body, t + 300, "valid"),
    ("future timestamp (Stripe checks only age)", [SECRET], good, body, t - 3600, "valid"),
    ("tampered body", [SECRET], good, body.replace('"amount_paid": 9600', '"amount_paid": 96000'), t, "no_match"),
    ("one byte of whitespace added", [SECRET], good, body + " ", t, "no_match"),
    ("malformed: no t", [SECRET], good.split(",")[1], body, t, "malformed"),
    ("malformed: t not a number", [SECRET], "t=yesterday," + good.split(",")[1], body, t, "malformed"),
    ("malformed: garbage", [SECRET], "garbage", body, t, "malformed"),
    ("reference vector (vectors.md)", ["whsec_test_secret"],
     "t=1700000000,v1=3bfab77baf5f7b6991a46c9b53b6547d7afc56148b10468fcad9f35c1992ffbd",
     '{\n  "id": "evt_test_webhook",\n  "object": "event",\n  "data": { "object": { "id": "rdr_123", "object": "terminal.reader" } }\n}',
     1700000000, "valid"),
]
out = []
for name, secrets, header, payload, now, expect in vectors:
    verdicts = {s: official(payload, header, s) if "t=" in header and not header.startswith("t=yesterday") else "unparseable"
                for s in secrets}
    if expect in ("valid", "too_old"):
        assert any(v is True for v in verdicts.values()), (name, verdicts)
    elif expect == "no_match":
        assert all(v is not True for v in verdicts.values()), (name, verdicts)
    out.append({"name": name, "secrets": secrets, "header": header, "body": payload, "now": now,
                "tolerance": 300, "expect": expect,
                "stripe_python_signature_verdict": ["valid" if v is True else v for v in verdicts.values()]})
with open(os.path.join(OUT, "signature-vectors.json"), "w") as f:
    f.write(json.dumps({"generated_with": "stripe-python " + stripe.VERSION, "vectors": out}, indent=2) + "\n")
print(f"wrote {len(fixtures)} payloads, {len(expected)} expectations, {len(out)} signature vectors to {OUT}")
