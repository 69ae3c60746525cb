#!/usr/bin/env python3
"""Writes Tests/Fixtures/stripe/: Stripe payloads, the FirstPromoter calls expected of each, and
signature vectors signed and checked with Stripe's official Python library.

    pip install stripe && python3 scripts/make-stripe-fixtures.py

Payload shapes follow ../shared/reference/providers/stripe-api-versions.md: "basil" payloads
(API 2025-03-31 and later: parent.subscription_details, lines[].pricing.price_details) and
"acacia" ones (older: invoice.subscription, lines[].price with recurring). The expectations are
written by hand from the issue's rules, not computed from the payloads.
"""
import copy
import json
import os
import stripe
from fixture_files import output_folder, write, vector, write_vectors

OUT = output_folder("stripe")
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
# Refunds exclude tax as the sale did: 50000 of the 211200 charged, of which 192000 was the sale,
# is 45454.5 → 45455.
ACACIA_SALE = "invoice.payment_succeeded.acacia-yearly"
expected["charge.refunded.acacia-partial"] = {"after": [ACACIA_SALE], "deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "ch_1AcaciaYear-refunded-50000", "amount": "45455",
    "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}}]}

fixtures["charge.refunded.acacia-rest"] = event(
    "evt_1RefundRest", "charge.refunded", acacia_charge(211200), api_version="2024-06-20")
# The rest: the sale's 192000 less the 45455 already sent; the two refunds add up to the sale.
expected["charge.refunded.acacia-rest"] = {"after": [ACACIA_SALE, "charge.refunded.acacia-partial"], "deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cus_Bob", "event_id": "ch_1AcaciaYear-refunded-211200", "amount": "146545",
    "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}}]}

# Without the bridge's record of the sale: held for it, then the whole cumulative amount as
# charged, saying that tax could not be excluded.
expected["charge.refunded.acacia-rest-alone"] = {"fixture": "charge.refunded.acacia-rest",
    "waits": "its sale in_1AcaciaYear is not recorded yet", "deliveries": [{"note": "tax not excluded", "refund": {
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
# Half of the 9600 charged; the sale was 8000 before tax, so the refund is 4000.
expected["charge.refunded.basil-linked"] = {"after": ["invoice.paid.basil-tax-discount", "invoice_payment.paid"],
    "deliveries": [{"after": "sale in_1BasilTax", "refund": {
    "email": "alice@example.com", "uid": "cus_Alice", "event_id": "ch_1BasilTax-refunded-4800", "amount": "4000",
    "currency": "USD", "sale_event_id": "in_1BasilTax", "created_at": "2025-11-24T16:00:05Z"}}]}
# The link never came: held, then sent as charged without sale_event_id, and saying so.
expected["charge.refunded.basil-unlinked"] = {"fixture": "charge.refunded.basil-linked",
    "waits": "no sale paid by payment_intent pi_1BasilTax, charge ch_1BasilTax is recorded yet",
    "deliveries": [{"note": "without sale_event_id", "refund": {
    "email": "alice@example.com", "uid": "cus_Alice", "event_id": "ch_1BasilTax-refunded-4800", "amount": "4800",
    "currency": "USD", "created_at": "2025-11-24T16:00:05Z"}}]}

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

# 16. A customer without referral data: its email is remembered, nothing is sent.
fixtures["customer.created"] = event("evt_1CustNew", "customer.created", {
    "id": "cus_New", "object": "customer", "email": "new@example.com", "livemode": True})
expected["customer.created"] = {"deliveries": [{"ignored": "recorded: customer cus_New's email, no referral data"}]}

# ---- One-time payments: Checkout in payment mode, Payment Links, a bare PaymentIntent or charge.
def checkout_session(cs_id, *, mode="payment", customer=None, email, currency="usd", subtotal=0, discount=0, tax=0,
                     metadata=None, client_reference_id=None, payment_intent=None, invoice=None, subscription=None,
                     payment_status="paid", payment_link=None):
    return {
        "id": cs_id, "object": "checkout.session", "amount_subtotal": subtotal,
        "amount_total": subtotal - discount + tax, "client_reference_id": client_reference_id, "created": PAID_AT,
        "currency": currency, "customer": customer, "customer_details": {"email": email, "name": None},
        "customer_email": None, "invoice": invoice, "livemode": True, "metadata": metadata or {}, "mode": mode,
        "payment_intent": payment_intent, "payment_link": payment_link, "payment_status": payment_status,
        "status": "complete", "subscription": subscription,
        "total_details": {"amount_discount": discount, "amount_shipping": 0, "amount_tax": tax},
    }

def one_time_charge(ch_id, *, pi, amount, customer, email, currency="usd", refunded=0, invoice=None):
    charge = {
        "id": ch_id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": refunded,
        "billing_details": {"email": email, "name": None}, "captured": True, "created": PAID_AT,
        "currency": currency, "customer": customer, "livemode": True, "metadata": {}, "paid": True,
        "payment_intent": pi, "receipt_email": None, "refunded": refunded == amount, "status": "succeeded",
    }
    if invoice:
        charge["invoice"] = invoice
    return charge

# 17. Checkout, payment mode: 60.00 less a 10.00 discount, plus 9.50 tax. The sale is 50.00, the
#     lead's tid comes from the session's metadata, and the lead is signed up first.
CAROL = "checkout.session.completed.payment"
fixtures[CAROL] = event("evt_1CarolCS", "checkout.session.completed", checkout_session(
    "cs_1Carol", customer="cus_Carol", email="carol@example.com", currency="eur", subtotal=6000, discount=1000,
    tax=950, metadata={"fp_tid": "tid_carol"}, payment_intent="pi_1Carol"))
carol_signup = {"signup": {"email": "carol@example.com", "uid": "cus_Carol", "tid": "tid_carol",
                           "created_at": "2025-11-24T16:00:05Z"}}
carol_sale = {"email": "carol@example.com", "uid": "cus_Carol", "event_id": "pi_1Carol", "amount": "5000",
              "currency": "EUR", "created_at": "2025-11-24T16:00:05Z", "tid": "tid_carol"}
expected[CAROL] = {"deliveries": [carol_signup, {"after": "signup signup-uid-cus_Carol", "sale": carol_sale}]}

# 18-19. The same payment's payment_intent.succeeded and charge.succeeded: after the session,
#        nothing new; alone, each is held for an invoice or a session, then is the one-time sale
#        (tax unknown: the amount as charged).
fixtures["payment_intent.succeeded.carol"] = event("evt_1CarolPI", "payment_intent.succeeded", {
    "id": "pi_1Carol", "object": "payment_intent", "amount": 5950, "amount_received": 5950, "created": PAID_AT,
    "currency": "eur", "customer": "cus_Carol", "latest_charge": "ch_1Carol", "livemode": True, "metadata": {},
    "receipt_email": "carol@example.com", "status": "succeeded"})
fixtures["charge.succeeded.carol"] = event("evt_1CarolCH", "charge.succeeded", one_time_charge(
    "ch_1Carol", pi="pi_1Carol", amount=5950, customer="cus_Carol", email="carol@example.com", currency="eur"))
alone_sale = {"email": "carol@example.com", "uid": "cus_Carol", "event_id": "pi_1Carol", "amount": "5950",
              "currency": "EUR", "created_at": "2025-11-24T16:00:00Z"}
for name in ["payment_intent.succeeded.carol", "charge.succeeded.carol"]:
    expected[name] = {"waits": "held for an invoice or Checkout Session that claims it",
                      "deliveries": [{"sale": alone_sale}]}
    expected[name + "-after-checkout"] = {"fixture": name, "after": [CAROL],
                                          "deliveries": [{"ignored": "is already the one-time sale pi_1Carol"}]}
expected["charge.succeeded.carol-after-payment-intent"] = {
    "fixture": "charge.succeeded.carol", "after": ["payment_intent.succeeded.carol"],
    "deliveries": [{"ignored": "is already the one-time sale pi_1Carol"}]}

# 20. A Payment Link bought by a guest: no customer id, so the sale goes by email; the tid is in
#     client_reference_id.
fixtures["checkout.session.completed.payment-link-guest"] = event("evt_1GuestCS", "checkout.session.completed",
    checkout_session("cs_1Guest", email="dave@example.com", subtotal=2500, client_reference_id="tid_dave",
                     payment_intent="pi_1Guest", payment_link="plink_1Guest"))
expected["checkout.session.completed.payment-link-guest"] = {"deliveries": [
    {"signup": {"email": "dave@example.com", "tid": "tid_dave", "created_at": "2025-11-24T16:00:05Z"}},
    {"after": "signup signup-email-dave@example.com", "sale": {
        "email": "dave@example.com", "event_id": "pi_1Guest", "amount": "2500", "currency": "USD",
        "created_at": "2025-11-24T16:00:05Z", "tid": "tid_dave"}}]}

# 20b. A bank debit through Checkout: completed unpaid (no sale yet), then paid.
fixtures["checkout.session.completed.unpaid"] = event("evt_1GretaCS", "checkout.session.completed", checkout_session(
    "cs_1Greta", customer="cus_Greta", email="greta@example.com", currency="eur", subtotal=12000,
    payment_intent="pi_1Greta", payment_status="unpaid"))
expected["checkout.session.completed.unpaid"] = {"deliveries": [
    {"ignored": "is unpaid: the sale comes with checkout.session.async_payment_succeeded"}]}
fixtures["checkout.session.async_payment_succeeded"] = event("evt_1GretaPaid", "checkout.session.async_payment_succeeded",
    checkout_session("cs_1Greta", customer="cus_Greta", email="greta@example.com", currency="eur", subtotal=12000,
                     payment_intent="pi_1Greta"))
expected["checkout.session.async_payment_succeeded"] = {"after": ["checkout.session.completed.unpaid"], "deliveries": [
    {"after": "signup signup-uid-cus_Greta", "sale": {"email": "greta@example.com", "uid": "cus_Greta",
     "event_id": "pi_1Greta", "amount": "12000", "currency": "EUR", "created_at": "2025-11-24T16:00:05Z"}}]}

# 21. Checkout in subscription mode: its invoice is the sale; the session's referral data (fp_uid
#     too) signs the lead up and is used for that customer's invoices.
ALICE_CS = "checkout.session.completed.subscription"
fixtures[ALICE_CS] = event("evt_1AliceCS", "checkout.session.completed", checkout_session(
    "cs_1Alice", mode="subscription", customer="cus_Alice", email="alice@example.com", subtotal=10000,
    metadata={"fp_tid": "tid_alice", "fp_uid": "user_alice"}, invoice="in_1BasilTax", subscription="sub_Alice"))
expected[ALICE_CS] = {"deliveries": [
    {"signup": {"email": "alice@example.com", "uid": "user_alice", "tid": "tid_alice", "created_at": "2025-11-24T16:00:05Z"}},
    {"ignored": "is in subscription mode: its invoice is the sale"}]}
expected["invoice.paid.basil-after-checkout"] = {"fixture": "invoice.paid.basil-tax-discount", "after": [ALICE_CS],
    "deliveries": [{"after": "signup signup-uid-user_alice", "sale": dict(
        expected["invoice.paid.basil-tax-discount"]["deliveries"][0]["sale"], uid="user_alice")}]}

# 22. A Customer that carries fp_tid: a signup, and the tid on its invoices (which carry none).
fixtures["customer.updated.referral"] = event("evt_1KenjiUpd", "customer.updated", {
    "id": "cus_Kenji", "object": "customer", "email": "kenji@example.jp", "livemode": True,
    "metadata": {"fp_tid": "tid_kenji"}}, previous={"metadata": {}})
expected["customer.updated.referral"] = {"deliveries": [{"signup": {
    "email": "kenji@example.jp", "uid": "cus_Kenji", "tid": "tid_kenji", "created_at": "2025-11-24T16:00:05Z"}}]}
expected["invoice.paid.jpy-referred-customer"] = {"fixture": "invoice.paid.jpy", "after": ["customer.updated.referral"],
    "deliveries": [{"sale": dict(expected["invoice.paid.jpy"]["deliveries"][0]["sale"], tid="tid_kenji")}]}

# 23. Subscription invoices also fire charge.succeeded. basil: the charge names no invoice;
#     invoice_payment.paid says which invoice it paid, so it is not a second sale. With neither
#     the link nor the invoice it is held, then taken for a one-time payment (the README says to
#     enable the link).
fixtures["charge.succeeded.basil-invoice"] = event("evt_1BasilCH", "charge.succeeded", one_time_charge(
    "ch_1BasilTax", pi="pi_1BasilTax", amount=9600, customer="cus_Alice", email="alice@example.com"))
expected["charge.succeeded.basil-invoice"] = {"after": ["invoice_payment.paid"],
    "deliveries": [{"ignored": "payment_intent pi_1BasilTax paid in_1BasilTax, which is the sale"}]}
expected["charge.succeeded.basil-invoice-unlinked"] = {"fixture": "charge.succeeded.basil-invoice",
    "waits": "held for an invoice or Checkout Session", "deliveries": [{"sale": {
        "email": "alice@example.com", "uid": "cus_Alice", "event_id": "pi_1BasilTax", "amount": "9600",
        "currency": "USD", "created_at": "2025-11-24T16:00:00Z"}}]}
#     Without invoice_payment.paid, the invoice still claims its charge: the same customer was
#     charged the same amount at the same time.
expected["charge.succeeded.basil-invoice-same-charge"] = {"fixture": "charge.succeeded.basil-invoice",
    "after": ["invoice.paid.basil-tax-discount"],
    "deliveries": [{"ignored": "invoice in_1BasilTax charged cus_Alice the same 9600 USD at the same time"}]}
#     The same customer paying the same amount a day later is a one-time sale of its own.
fixtures["charge.succeeded.alice-next-day"] = event("evt_1AliceNextDay", "charge.succeeded", dict(one_time_charge(
    "ch_1AliceLater", pi="pi_1AliceLater", amount=9600, customer="cus_Alice", email="alice@example.com"),
    created=PAID_AT + 86400))
expected["charge.succeeded.alice-next-day"] = {"after": ["invoice.paid.basil-tax-discount"],
    "waits": "held for an invoice or Checkout Session", "deliveries": [{"sale": {
        "email": "alice@example.com", "uid": "cus_Alice", "event_id": "pi_1AliceLater", "amount": "9600",
        "currency": "USD", "created_at": "2025-11-25T16:00:00Z"}}]}
#     acacia: a charge and a payment intent name their invoice, or say (null) they have none.
acacia_one_time = one_time_charge("ch_1Erin", pi="pi_1Erin", amount=3000, customer="cus_Erin", email="erin@example.com")
acacia_one_time["invoice"] = None
fixtures["charge.succeeded.acacia-one-time"] = event("evt_1ErinCH", "charge.succeeded", acacia_one_time,
                                                      api_version="2024-06-20")
expected["charge.succeeded.acacia-one-time"] = {"waits": "held for an invoice or Checkout Session", "deliveries": [{"sale": {
    "email": "erin@example.com", "uid": "cus_Erin", "event_id": "pi_1Erin", "amount": "3000", "currency": "USD",
    "created_at": "2025-11-24T16:00:00Z"}}]}
fixtures["payment_intent.succeeded.acacia-invoice"] = event("evt_1AcaciaPI", "payment_intent.succeeded", {
    "id": "pi_1AcaciaYear", "object": "payment_intent", "amount": 211200, "amount_received": 211200, "created": PAID_AT,
    "currency": "eur", "customer": "cus_Bob", "invoice": "in_1AcaciaYear", "latest_charge": "ch_1AcaciaYear",
    "livemode": True, "metadata": {}, "receipt_email": "bob@example.com", "status": "succeeded"}, api_version="2024-06-20")
expected["payment_intent.succeeded.acacia-invoice"] = {"deliveries": [
    {"ignored": "payment intent pi_1AcaciaYear paid invoice in_1AcaciaYear: the invoice is the sale"}]}
#     acacia: the charge names its invoice.
fixtures["charge.succeeded.acacia-invoice"] = event("evt_1AcaciaCH", "charge.succeeded", acacia_charge(0),
                                                     api_version="2024-06-20")
expected["charge.succeeded.acacia-invoice"] = {"deliveries": [{"ignored": "paid invoice in_1AcaciaYear: the invoice is the sale"}]}

# 24. A one-time payment refunded in full: the refund is the sale's 50.00, not the 59.50 charged.
fixtures["charge.refunded.carol"] = event("evt_1CarolRefund", "charge.refunded", one_time_charge(
    "ch_1Carol", pi="pi_1Carol", amount=5950, customer="cus_Carol", email="carol@example.com", currency="eur",
    refunded=5950), previous={"amount_refunded": 0})
expected["charge.refunded.carol"] = {"after": [CAROL], "deliveries": [{"after": "sale pi_1Carol", "refund": {
    "email": "carol@example.com", "uid": "cus_Carol", "event_id": "ch_1Carol-refunded-5950", "amount": "5000",
    "currency": "EUR", "sale_event_id": "pi_1Carol", "created_at": "2025-11-24T16:00:05Z"}}]}

# ---- Disputes: a lost one is a refund of the disputed amount, linked and tax-free; a won one is
#      nothing. The dispute names only the charge: the lead comes from the bridge's memory.
def dispute(dp_id, status, amount=211200):
    return {"id": dp_id, "object": "dispute", "amount": amount, "charge": "ch_1AcaciaYear", "created": PAID_AT + 600,
            "currency": "eur", "evidence": {"customer_email_address": None}, "livemode": True,
            "payment_intent": "pi_1AcaciaYear", "reason": "fraudulent", "status": status}

fixtures["charge.dispute.closed.lost"] = event("evt_1DisputeLost", "charge.dispute.closed", dispute("dp_1Lost", "lost"))
dispute_refund = {"email": "bob@example.com", "uid": "cus_Bob", "event_id": "dp_1Lost", "amount": "192000",
                  "currency": "EUR", "sale_event_id": "in_1AcaciaYear", "created_at": "2025-11-24T16:00:05Z"}
expected["charge.dispute.closed.lost"] = {"after": [ACACIA_SALE], "deliveries": [
    {"after": "sale in_1AcaciaYear", "refund": dispute_refund}]}
# After a partial refund, the dispute of the whole charge claws back only what is left.
expected["charge.dispute.closed.lost-after-refund"] = {"fixture": "charge.dispute.closed.lost",
    "after": [ACACIA_SALE, "charge.refunded.acacia-partial"],
    "deliveries": [{"refund": dict(dispute_refund, amount="146545")}]}
# No recorded sale: held for it, then nothing can be sent (the dispute names no lead).
expected["charge.dispute.closed.lost-alone"] = {"fixture": "charge.dispute.closed.lost",
    "waits": "no sale paid by payment_intent pi_1AcaciaYear, charge ch_1AcaciaYear is recorded yet",
    "deliveries": [{"ignored": "names no customer or email"}]}
fixtures["charge.dispute.closed.won"] = event("evt_1DisputeWon", "charge.dispute.closed", dispute("dp_1Won", "won"))
expected["charge.dispute.closed.won"] = {"after": [ACACIA_SALE], "deliveries": [
    {"ignored": "closed as won: nothing changes for the affiliate"}]}
fixtures["charge.dispute.created"] = event("evt_1DisputeNew", "charge.dispute.created",
                                           dispute("dp_1Lost", "needs_response"))
expected["charge.dispute.created"] = {"after": [ACACIA_SALE], "deliveries": [
    {"ignored": "charge.dispute.created (dispute dp_1Lost) is not routed"}]}
# The mapping option: refund when the dispute opens, as FirstPromoter's native integration does;
# its loss then adds nothing.
refund_at_creation = ["charge.refunded", "charge.dispute.created", "charge.dispute.closed"]
expected["charge.dispute.created.refund-at-creation"] = {"fixture": "charge.dispute.created", "after": [ACACIA_SALE],
    "events": {"refund": refund_at_creation}, "deliveries": [{"refund": dispute_refund}]}
expected["charge.dispute.closed.lost-after-creation-refund"] = {"fixture": "charge.dispute.closed.lost",
    "after": [ACACIA_SALE], "events": {"refund": refund_at_creation},
    "deliveries": [{"ignored": "already refunded when it opened"}]}

# ---- Upgrades billed as prorations: the plan is the new price, not the credit for the old one.
def proration_line(amount, price, acacia_shape):
    line = {"id": f"il_{price}", "object": "line_item", "amount": amount, "currency": "usd", "quantity": 1,
            "period": {"start": PAID_AT, "end": MONTH_END}}
    if acacia_shape:
        unit = {"price_basic_monthly": 1900, "price_pro_monthly": 4900}[price]
        line.update({"price": {"id": price, "object": "price", "currency": "usd", "unit_amount": unit,
                               "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"}},
                     "proration": True, "subscription": "sub_Frank", "type": "invoiceitem"})
    else:
        line.update({"parent": {"type": "subscription_item_details", "subscription_item_details": {
                         "proration": True, "subscription": "sub_Frank", "subscription_item": "si_Frank"}},
                     "pricing": {"type": "price_details", "price_details": {"price": price, "product": "prod_X"}}})
    return line

for shape in ["acacia", "basil"]:
    invoice = basil_invoice("in_1Upgrade" + shape.title(), subtotal=1500, total_excl=1500, tax=0, amount_paid=1500,
                            customer="cus_Frank", email="frank@example.com", sub="sub_Frank")
    invoice["billing_reason"] = "subscription_update"
    invoice["lines"]["data"] = [proration_line(-1000, "price_basic_monthly", shape == "acacia"),
                                proration_line(2500, "price_pro_monthly", shape == "acacia")]
    name = f"invoice.paid.{shape}-upgrade"
    fixtures[name] = event("evt_1Upgrade" + shape.title(), "invoice.paid", invoice,
                           api_version="2024-06-20" if shape == "acacia" else "2025-10-29.clover")
    sale = {"email": "frank@example.com", "uid": "cus_Frank", "event_id": "in_1Upgrade" + shape.title(),
            "amount": "1500", "plan": "price_pro_monthly", "currency": "USD", "subscription_id": "sub_Frank",
            "created_at": "2025-11-24T16:00:00Z"}
    if shape == "acacia":
        sale["mrr"] = "4900"   # the new price, from the proration line's price
    expected[name] = {"deliveries": [{"sale": sale}]}

# ---- A subscription line known only by its recurring price (no type, no subscription field):
#      still a subscription line, so MRR is not lost.
signals = json.loads(json.dumps(acacia))
signals["id"] = "in_1Signals"
for key in ["type", "subscription", "subscription_item", "proration"]:
    del signals["lines"]["data"][0][key]
fixtures["invoice.paid.acacia-line-signals"] = event("evt_1Signals", "invoice.paid", signals, api_version="2024-06-20")
expected["invoice.paid.acacia-line-signals"] = {"deliveries": [{"sale": dict(
    expected[ACACIA_SALE]["deliveries"][0]["sale"], event_id="in_1Signals", plan="price_gold_yearly")}]}

# Money the payload does not state: a session without total_details, an invoice with no tax
# field at all: each fails, naming what is missing.
session_without_tax = copy.deepcopy(fixtures["checkout.session.completed.payment"])
del session_without_tax["data"]["object"]["total_details"]
fixtures["checkout.session.completed.without-tax-details"] = session_without_tax
expected["checkout.session.completed.without-tax-details"] = {"error": "total_details.amount_tax is missing"}
invoice_without_tax = copy.deepcopy(fixtures["invoice.paid.basil-tax-discount"])
for key in ["total_excluding_tax", "tax", "total_taxes", "total_tax_amounts"]:
    invoice_without_tax["data"]["object"].pop(key, None)
fixtures["invoice.paid.without-tax"] = invoice_without_tax
expected["invoice.paid.without-tax"] = {"error": "its tax is unknown"}

write(OUT, fixtures, expected)

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
    out.append(vector(name, expect, {"WEBHOOK_SECRET": secrets, "TOLERANCE_SECONDS": 300}, {"Stripe-Signature": header}, now,
                      body=payload, stripe_python_signature_verdict=["valid" if v is True else v for v in verdicts.values()]))
write_vectors(OUT, out, generated_with="stripe-python " + stripe.VERSION)
print(f"wrote {len(fixtures)} payloads, {len(expected)} expectations, {len(out)} signature vectors to {OUT}")
