#!/usr/bin/env python3
"""Writes Tests/Fixtures/maxio/: Maxio (formerly Chargify) webhook bodies, the FirstPromoter calls
expected of each (written by hand), and signature vectors.

    python3 scripts/make-maxio-fixtures.py

The first body is the `payment_success` webhook Maxio's own SDK tests list
(maxio-com ab-golang-sdk, `TestWebhooksControllerTestListWebhooks`: a renewal of $64.00 for a
$10 daily plan and 18 component units), its fields in its order and its encoding (brackets
bare, `%20` for a space, `%40`, `%3A`, `%2F`, `%24`); the others vary it with the fields the
README lists as assumed. Maxio publishes no signature vector and no Python SDK: the vectors are
computed with hmac over the bodies as written, as Maxio documents the header (hex HMAC-SHA256 of
the raw body under the site's shared key).
"""
from fixture_files import output_folder, write, vector, write_vectors
import hashlib, hmac, json, urllib.parse

OUT = output_folder("maxio")


def flatten(prefix, value, pairs):
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten(f"{prefix}[{key}]" if prefix else key, inner, pairs)
    elif isinstance(value, list):
        for inner in value:
            flatten(prefix, inner, pairs)
    else:
        pairs.append((prefix, "" if value is None else str(value)))
    return pairs


def encode(webhook):
    """Form-encoded as Maxio writes it: bracketed keys bare, values percent-encoded, ' ( ) ! kept."""
    return "&".join(f"{key}={urllib.parse.quote(value, safe=chr(39) + '()!*-._~')}" for key, value in flatten("", webhook, []))


CUSTOMER = {"id": 14585695, "first_name": "Test", "last_name": "Test", "organization": None, "email": "pookie999@example.com",
            "created_at": "2016-11-04 17:06:42 -0400", "updated_at": "2016-11-04 17:06:45 -0400", "reference": None,
            "address": None, "address_2": None, "city": None, "state": None, "zip": None, "country": None, "phone": None,
            "portal_invite_last_sent_at": "2016-11-04 17:06:45 -0400", "portal_invite_last_accepted_at": None,
            "verified": "false", "portal_customer_created_at": "2016-11-04 17:06:45 -0400", "cc_emails": None}
PRODUCT = {"id": 3792003, "name": "$10 Basic Plan", "handle": "basic", "description": "lorem ipsum", "accounting_code": "basic",
           "request_credit_card": "false", "expiration_interval": None, "expiration_interval_unit": "never",
           "created_at": "2016-03-24 13:38:39 -0400", "updated_at": "2016-11-03 13:03:05 -0400", "price_in_cents": 1000,
           "interval": 1, "interval_unit": "day", "initial_charge_in_cents": None, "trial_price_in_cents": None,
           "trial_interval": None, "trial_interval_unit": "month", "archived_at": None, "require_credit_card": "false",
           "return_params": None, "taxable": "false", "update_return_url": None, "initial_charge_after_trial": "false",
           "version_number": 7, "update_return_params": None,
           "product_family": {"id": 527890, "name": "Acme Projects", "description": None, "handle": "billing-plans", "accounting_code": None},
           "public_signup_pages": [
               {"id": 281054, "return_url": "http://www.example.com?successfulsignup", "return_params": None,
                "url": "https://general-goods.chargify.com/subscribe/kqvmfrbgd89q/basic"},
               {"id": 281240, "return_url": None, "return_params": None, "url": "https://general-goods.chargify.com/subscribe/dkffht5dxfd8/basic"},
               {"id": 282694, "return_url": None, "return_params": None, "url": "https://general-goods.chargify.com/subscribe/jwffwgdd95s8/basic"}]}
SUBSCRIPTION = {"id": 15100141, "state": "active", "trial_started_at": None, "trial_ended_at": None,
                "activated_at": "2016-11-04 17:06:43 -0400", "created_at": "2016-11-04 17:06:42 -0400",
                "updated_at": "2016-11-08 16:22:22 -0500", "expires_at": None, "balance_in_cents": 0,
                "current_period_ends_at": "2016-11-09 16:06:42 -0500", "next_assessment_at": "2016-11-09 16:06:42 -0500",
                "canceled_at": None, "cancellation_message": None, "next_product_id": None, "cancel_at_end_of_period": "false",
                "payment_collection_method": "automatic", "snap_day": None, "cancellation_method": None,
                "current_period_started_at": "2016-11-08 16:06:42 -0500", "previous_state": "active",
                "signup_payment_id": 161034048, "signup_revenue": "64.00", "delayed_cancel_at": None, "coupon_code": None,
                "total_revenue_in_cents": 32000, "product_price_in_cents": 1000, "product_version_number": 7,
                "payment_type": "credit_card", "referral_code": "pggn84", "coupon_use_count": None, "coupon_uses_allowed": None,
                "customer": CUSTOMER, "product": PRODUCT,
                "credit_card": {"id": 10102821, "first_name": "Pookie", "last_name": "Test", "masked_card_number": "XXXX-XXXX-XXXX-1",
                                "card_type": "bogus", "expiration_month": 10, "expiration_year": 2020, "customer_id": 14585695,
                                "current_vault": "bogus", "vault_token": 1, "billing_address": None, "billing_city": None,
                                "billing_state": None, "billing_zip": None, "billing_country": None, "customer_vault_token": None,
                                "billing_address_2": None, "payment_type": "credit_card", "site_gateway_setting_id": None,
                                "gateway_handle": None}}
TRANSACTION = {"id": 161537369, "subscription_id": 15100141, "type": "Payment", "kind": None, "transaction_type": "payment",
               "success": "true", "amount_in_cents": 6400, "memo": "Pookie Test - $10 Basic Plan: Renewal payment",
               "created_at": "2016-11-08 16:22:20 -0500", "starting_balance_in_cents": 6400, "ending_balance_in_cents": 0,
               "gateway_used": "bogus", "gateway_transaction_id": 53433, "gateway_response_code": None, "gateway_order_id": None,
               "payment_id": None, "product_id": 3792003, "tax_id": None, "component_id": None, "statement_id": 80168049,
               "customer_id": 14585695, "card_number": "XXXX-XXXX-XXXX-1", "card_expiration": "10/2020", "card_type": "bogus",
               "refunded_amount_in_cents": 0, "invoice_id": None}


def webhook(id, event, payload):
    return {"id": id, "event": event, "payload": {"site": {"id": 31615, "subdomain": "general-goods"}, **payload}}


def merged(base, **changes):
    out = dict(base)
    for key, value in changes.items():
        out[key] = merged(base[key], **value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def payment(id, subscription=SUBSCRIPTION, transaction=TRANSACTION, event="payment_success", event_id=347299364):
    return webhook(id, event, {"subscription": subscription, "transaction": transaction, "event_id": event_id})


raw, expected = {}, {}
USD = {"credentials": {"CURRENCY": ["USD"]}}

# 1. The SDK's sample: a $64.00 renewal (a $10 plan and $54 of components), no coupon, product not
#    taxable. It names no currency: the site's, from MAXIO_CURRENCY. MRR: $64 a day is 6400 × 365 / 12.
raw["payment_success"] = encode(payment(141765008))
SAMPLE_SALE = {"email": "pookie999@example.com", "uid": "14585695", "event_id": "161537369", "amount": "6400", "currency": "USD",
               "plan": "basic", "mrr": "194667", "subscription_id": "15100141", "created_at": "2016-11-08T21:22:20Z"}
expected["payment_success"] = {**USD, "deliveries": [{"sale": SAMPLE_SALE}]}
# ... and without MAXIO_CURRENCY the bridge does not guess one.
expected["payment_success.no-currency"] = {"fixture": "payment_success", "error": "names no currency"}

# 2. A signup: a newer site names the subscription's currency; the customer's reference (the
#    merchant's own id) is the uid; a coupon; monthly.
signup_subscription = merged(SUBSCRIPTION, id=15200001, coupon_code="LAUNCH20", currency="EUR", previous_state="trialing",
                             customer={"id": 14600001, "email": "ada@example.com", "reference": "user-4242"},
                             product={"handle": "pro-monthly", "interval": 1, "interval_unit": "month", "price_in_cents": 4900})
signup_transaction = merged(TRANSACTION, id=170000001, subscription_id=15200001, amount_in_cents=3920,
                            memo="Ada - Pro: Signup payment", created_at="2025-11-24 11:00:00 -0500", customer_id=14600001)
raw["payment_success.signup-coupon"] = encode(payment(150000001, signup_subscription, signup_transaction))
SIGNUP_SALE = {"email": "ada@example.com", "uid": "user-4242", "event_id": "170000001", "amount": "3920", "currency": "EUR",
               "plan": "pro-monthly", "mrr": "3920", "subscription_id": "15200001", "created_at": "2025-11-24T16:00:00Z",
               "promo_code": "LAUNCH20"}
expected["payment_success.signup-coupon"] = {"deliveries": [{"sale": SIGNUP_SALE}]}

# 3. A renewal sends renewal_success and payment_success for one payment: one sale.
raw["renewal_success"] = encode(payment(150000002, signup_subscription, signup_transaction, event="renewal_success"))
expected["renewal_success"] = {"deliveries": [{"sale": SIGNUP_SALE}]}
expected["renewal_success.after-payment"] = {"fixture": "renewal_success", "after": ["payment_success.signup-coupon"], "deliveries": [
    {"ignored": "Maxio payment 170000001 is already the one-time sale 170000001"}]}
raw["renewal_success.no-payment"] = encode(webhook(150000003, "renewal_success", {"subscription": signup_subscription, "event_id": 3}))
expected["renewal_success.no-payment"] = {"deliveries": [{"ignored": "carries no payment: its payment_success is the sale"}]}

# 4. Yearly: $1,188.00 every 12 months, MRR 9900.
yearly_subscription = merged(signup_subscription, id=15200002, coupon_code=None, currency="USD",
                             product={"handle": "pro-yearly", "interval": 12, "interval_unit": "month", "price_in_cents": 118800})
yearly_transaction = merged(signup_transaction, id=170000002, subscription_id=15200002, amount_in_cents=118800)
raw["payment_success.yearly"] = encode(payment(150000004, yearly_subscription, yearly_transaction))
expected["payment_success.yearly"] = {"deliveries": [{"sale": {
    "email": "ada@example.com", "uid": "user-4242", "event_id": "170000002", "amount": "118800", "currency": "USD",
    "plan": "pro-yearly", "mrr": "9900", "subscription_id": "15200002", "created_at": "2025-11-24T16:00:00Z"}}]}

# 5. Tax: a taxable product's payment does not say how much was tax. It fails under the default
#    basis, is sent whole under payment_including_tax, and is the sale when the customer is exempt.
taxed_subscription = merged(yearly_subscription, id=15200003, product={"taxable": "true"})
taxed_transaction = merged(yearly_transaction, id=170000003, subscription_id=15200003, amount_in_cents=129492)
raw["payment_success.taxable"] = encode(payment(150000005, taxed_subscription, taxed_transaction))
expected["payment_success.taxable"] = {"error": "the product is taxable (payload[subscription][product][taxable])"}
TAXED_SALE = {"email": "ada@example.com", "uid": "user-4242", "event_id": "170000003", "amount": "129492", "currency": "USD",
              "plan": "pro-yearly", "mrr": "10791", "subscription_id": "15200003", "created_at": "2025-11-24T16:00:00Z"}
expected["payment_success.taxable.including-tax"] = {"fixture": "payment_success.taxable", "amount_basis": "payment_including_tax",
                                                     "deliveries": [{"sale": TAXED_SALE}]}
exempt_subscription = merged(taxed_subscription, customer={"tax_exempt": "true"})
raw["payment_success.taxable.exempt"] = encode(payment(150000006, exempt_subscription, taxed_transaction))
expected["payment_success.taxable.exempt"] = {"deliveries": [{"sale": TAXED_SALE}]}
# A payload without the product's taxable flag cannot show it has no tax: it fails naming it.
untold = dict(yearly_subscription, product={k: v for k, v in yearly_subscription["product"].items() if k != "taxable"})
raw["payment_success.no-taxable"] = encode(payment(150000007, untold, merged(yearly_transaction, id=170000004)))
expected["payment_success.no-taxable"] = {"error": "payload[subscription][product][taxable] is missing, and it changes the amount"}

# 6. A currency without two decimals: not guessed.
yen = merged(yearly_subscription, currency="JPY")
raw["payment_success.jpy"] = encode(payment(150000008, yen, merged(yearly_transaction, id=170000005, amount_in_cents=1200)))
expected["payment_success.jpy"] = {"error": "payload[transaction][amount_in_cents] is in JPY, a currency without two decimals"}

# 7. A payment of 0 (a 100% coupon) is not a sale by default.
raw["payment_success.zero"] = encode(payment(150000009, signup_subscription,
                                             merged(signup_transaction, id=170000006, amount_in_cents=0)))
expected["payment_success.zero"] = {"deliveries": [{"ignored": "paid 0: a trial or a full discount is not a sale"}]}

# 8. Refunds (fields as assumed: payment_id, refund_id, amount_in_cents, the subscription hash):
#    part of the signup payment, and the whole yearly one.
#    The partial one names its currency; the full one does not, and is in the site's.
def refund(id, refund_id, payment_id, cents, subscription, when, **currency):
    return webhook(id, "refund_success", {"subscription": {"id": subscription["id"], "customer": {
        "id": subscription["customer"]["id"], "email": subscription["customer"]["email"],
        "reference": subscription["customer"]["reference"]}}, "refund_id": refund_id, "payment_id": payment_id,
        "amount_in_cents": cents, **currency, "memo": "Refund", "timestamp": when, "event_id": id})

raw["refund_success.partial"] = encode(refund(150000010, 180000001, 170000001, 1000, signup_subscription, "2025-11-26 11:00:00 -0500",
                                                  currency="EUR"))
expected["refund_success.partial"] = {"after": ["payment_success.signup-coupon"], "deliveries": [{"refund": {
    "email": "ada@example.com", "uid": "user-4242", "event_id": "maxio-refund-180000001", "amount": "1000", "currency": "EUR",
    "sale_event_id": "170000001", "created_at": "2025-11-26T16:00:00Z"}}]}
raw["refund_success.full"] = encode(refund(150000011, 180000002, 170000002, 118800, yearly_subscription, "2025-11-27 11:00:00 -0500"))
expected["refund_success.full"] = {**USD, "after": ["payment_success.yearly"], "deliveries": [{"refund": {
    "email": "ada@example.com", "uid": "user-4242", "event_id": "maxio-refund-180000002", "amount": "118800", "currency": "USD",
    "sale_event_id": "170000002", "created_at": "2025-11-27T16:00:00Z"}}]}

# 9. Cancellation: a state change to canceled; to past_due it is not one.
canceled = merged(signup_subscription, state="canceled", previous_state="active", canceled_at="2025-12-01 11:00:00 -0500",
                  updated_at="2025-12-01 11:00:01 -0500")
raw["subscription_state_change.canceled"] = encode(webhook(150000012, "subscription_state_change", {"subscription": canceled, "event_id": 12}))
expected["subscription_state_change.canceled"] = {"deliveries": [{"cancellation": {
    "email": "ada@example.com", "uid": "user-4242", "event_id": "15200001", "created_at": "2025-12-01T16:00:00Z"}}]}
past_due = merged(signup_subscription, state="past_due")
raw["subscription_state_change.past-due"] = encode(webhook(150000013, "subscription_state_change", {"subscription": past_due, "event_id": 13}))
expected["subscription_state_change.past-due"] = {"deliveries": [{"ignored": "subscription 15200001 is now past_due, not canceled"}]}

# 10. An event the mapping file does not route.
raw["signup_success"] = encode(webhook(150000014, "signup_success", {"subscription": signup_subscription, "event_id": 14}))
expected["signup_success"] = {"deliveries": [{"ignored": "signup_success is not routed"}]}

write(OUT, {}, expected, raw=raw, raw_extension="form")

with open(f"{OUT}/coverage.json", "w") as f:
    f.write(json.dumps({
        "about": "The issue's fixture matrix: each case, the expectations that show it, or why it cannot apply. Checked by FixtureCoverageTests.",
        "cases": {
            "first payment": ["payment_success.signup-coupon"],
            "renewal": ["payment_success", "renewal_success", "renewal_success.after-payment", "renewal_success.no-payment"],
            "tax": ["payment_success.taxable", "payment_success.taxable.including-tax", "payment_success.taxable.exempt"],
            "discount": ["payment_success.signup-coupon"],
            "zero-decimal currency": ["payment_success.jpy"],
            "yearly MRR": ["payment_success.yearly"],
            "partial refund": ["refund_success.partial"],
            "full refund": ["refund_success.full"],
            "chargeback": {"not applicable": "not mapped in this version: Maxio's dispute webhooks are not confirmed by an official sample, so a lost dispute is not turned into a refund (README, Maxio setup)"},
            "cancellation": ["subscription_state_change.canceled", "subscription_state_change.past-due"],
            "zero amount": ["payment_success.zero"],
            "test mode": {"not applicable": "a Maxio test site is a separate site with its own shared key and webhooks; its payloads carry no test flag"},
            "ignored event type": ["signup_success"],
            "money field absent": ["payment_success.no-taxable", "payment_success.no-currency"],
        }}, indent=2) + "\n")

# Signature vectors, computed as Maxio documents the header.
SECRET = "maxio site shared key 0001"


def mx(name, expect, secrets, body_file, signature, **extra):
    headers = {"X-Chargify-Webhook-Signature-Hmac-Sha-256": signature} if signature is not None else {}
    return vector(name, expect, {"WEBHOOK_SECRET": secrets}, headers, 0, body_file=body_file, **extra)


def sign(fixture, key=SECRET, digest=hashlib.sha256):
    return hmac.new(key.encode(), raw[fixture].encode("utf-8"), digest).hexdigest()


vectors = [
    mx("the SDK's payment_success, signed", "valid", [SECRET], "payment_success.form", sign("payment_success")),
    mx("a refund, signed", "valid", [SECRET], "refund_success.partial.form", sign("refund_success.partial")),
    mx("rotation: the second key", "valid", ["old shared key", SECRET], "payment_success.form", sign("payment_success")),
    mx("upper-case hex", "valid", [SECRET], "payment_success.form", sign("payment_success").upper()),
    mx("wrong key", "no_match", ["another site's key"], "payment_success.form", sign("payment_success")),
    mx("another body under the same signature", "no_match", [SECRET], "payment_success.yearly.form", sign("payment_success")),
    mx("the legacy MD5 signature is not accepted", "no_match", [SECRET], "payment_success.form",
       hashlib.md5((SECRET + raw["payment_success"]).encode()).hexdigest()),
    mx("no signature header", "missing", [SECRET], "payment_success.form", None),
]
write_vectors(OUT, vectors)
