#!/usr/bin/env python3
"""Writes Tests/Fixtures/razorpay/: Razorpay webhook bodies, the FirstPromoter calls expected of
each (written by hand), and signature vectors checked with Razorpay's own SDK.

    pip install razorpay && python3 scripts/make-razorpay-fixtures.py [path to shared/reference/providers/samples]

Bodies start from the signed `payment.authorized` sample of razorpay-python's tests (published
X-Razorpay-Signature), with the entities Razorpay's webhook payload docs describe: `payment`,
`invoice`, `subscription`, `refund` and `dispute`, each under `payload.{kind}.entity`.
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import copy, hashlib, hmac, importlib.metadata, json, os
import razorpay

SAMPLES = samples_folder()
OUT = output_folder("razorpay")

with open(os.path.join(SAMPLES, "razorpay-payment.authorized.signed-body.json"), encoding="utf-8") as f:
    sample_body = f.read()
sample = json.loads(sample_body)
PAYMENT = sample["payload"]["payment"]["entity"]

T0 = 1764000000  # 2025-11-24T16:00:00Z
DAY = 86400


def payment(pid, amount, currency="INR", **fields):
    entity = copy.deepcopy(PAYMENT)
    entity.update({"id": pid, "amount": amount, "currency": currency, "status": "captured", "captured": True,
                   "order_id": None, "invoice_id": None, "customer_id": None, "email": "ada@example.com",
                   "notes": [], "fee": amount // 50, "tax": amount // 50 * 18 // 100, "created_at": T0})
    entity.pop("service_tax", None)
    entity.update(fields)
    return entity


def event(name, created_at=T0 + 5, **entities):
    return {"entity": "event", "account_id": "acc_BFQ7uQEaa7j2z7", "event": name, "contains": list(entities),
            "payload": {kind: {"entity": entity} for kind, entity in entities.items()}, "created_at": created_at}


def subscription(sid, plan, start, end, **fields):
    entity = {"id": sid, "entity": "subscription", "plan_id": plan, "customer_id": "cust_RZ1Ada", "status": "active",
              "current_start": start, "current_end": end, "ended_at": None, "quantity": 1, "notes": [],
              "charge_at": end, "start_at": start, "end_at": start + 365 * DAY * 2, "auth_attempts": 0,
              "total_count": 24, "paid_count": 1, "customer_notify": True, "created_at": start - DAY, "expire_by": None,
              "short_url": None, "has_scheduled_changes": False, "change_scheduled_at": None, "source": "api",
              "offer_id": None, "remaining_count": 23}
    entity.update(fields)
    return entity


def invoice(iid, pid, amount, tax, subscription_id=None, **fields):
    entity = {"id": iid, "entity": "invoice", "type": "invoice", "status": "paid", "customer_id": "cust_RZ1Bob",
              "customer_details": {"id": "cust_RZ1Bob", "name": "Bob", "email": "bob@example.com",
                                   "contact": "+919000090000"},
              "order_id": "order_" + iid[4:], "subscription_id": subscription_id, "payment_id": pid,
              "line_items": [], "gross_amount": amount - tax, "tax_amount": tax, "taxable_amount": amount - tax,
              "amount": amount, "amount_paid": amount, "amount_due": 0, "currency": "INR", "paid_at": T0,
              "issued_at": T0 - DAY, "created_at": T0 - DAY}
    entity.update(fields)
    return entity


fixtures, raw, expected = {}, {}, {}

# 1. A payment with no invoice (Checkout, a Payment Link): the sale at once. FirstPromoter's tid
#    in the payment's notes; no customer id, so the lead is the email.
one_time = payment("pay_RZ1OneTime", 49900, order_id="order_RZ1OneTime", notes={"fp_tid": "tid_razor"})
fixtures["payment.captured.one-time"] = event("payment.captured", payment=one_time)
ONE_TIME_SALE = {"email": "ada@example.com", "event_id": "pay_RZ1OneTime", "amount": "49900", "currency": "INR",
                 "created_at": "2025-11-24T16:00:00Z", "tid": "tid_razor"}
expected["payment.captured.one-time"] = {"deliveries": [{"sale": ONE_TIME_SALE}]}

# 1b. An international payment in yen, a zero-decimal currency: 5000 is ¥5,000.
fixtures["payment.captured.yen"] = event("payment.captured", payment=payment(
    "pay_RZ1Yen", 5000, "JPY", international=True, email="kei@example.jp", customer_id="cust_RZ1Kei"))
expected["payment.captured.yen"] = {"deliveries": [{"sale": {
    "email": "kei@example.jp", "uid": "cust_RZ1Kei", "event_id": "pay_RZ1Yen", "amount": "5000", "currency": "JPY",
    "created_at": "2025-11-24T16:00:00Z"}}]}

# 2. A subscription's monthly charge: plan, subscription and MRR from the 30-day period charged.
renewal = payment("pay_RZ1Renewal", 99900, invoice_id="inv_RZ1Renewal", customer_id="cust_RZ1Ada")
monthly = subscription("sub_RZ1Monthly", "plan_RZ1Pro", T0, T0 + 30 * DAY, paid_count=2)
fixtures["subscription.charged"] = event("subscription.charged", subscription=monthly, payment=renewal)
SUBSCRIPTION_SALE = {"email": "ada@example.com", "uid": "cust_RZ1Ada", "event_id": "pay_RZ1Renewal", "amount": "99900",
                     "currency": "INR", "plan": "plan_RZ1Pro", "mrr": "99900", "subscription_id": "sub_RZ1Monthly",
                     "created_at": "2025-11-24T16:00:00Z"}
expected["subscription.charged"] = {"deliveries": [{"sale": SUBSCRIPTION_SALE}]}

# 2b. A yearly plan of ₹9,990 with a 10% offer: ₹8,991 charged, MRR 899100 / 12 = 74925.
yearly_payment = payment("pay_RZ1Yearly", 899100, invoice_id="inv_RZ1Yearly", customer_id="cust_RZ1Ada")
yearly = subscription("sub_RZ1Yearly", "plan_RZ1ProYearly", T0, T0 + 365 * DAY, offer_id="offer_RZ1Tenth")
fixtures["subscription.charged.yearly-offer"] = event("subscription.charged", subscription=yearly, payment=yearly_payment)
expected["subscription.charged.yearly-offer"] = {"deliveries": [{"sale": dict(
    SUBSCRIPTION_SALE, event_id="pay_RZ1Yearly", amount="899100", plan="plan_RZ1ProYearly", mrr="74925",
    subscription_id="sub_RZ1Yearly")}]}

# 3. The same renewal's other events: its payment.captured and its invoice.paid. Alone, each
#    waits for the subscription.charged, then is the sale; after it, each adds nothing.
fixtures["payment.captured.subscription"] = event("payment.captured", payment=renewal)
expected["payment.captured.subscription"] = {
    "waits": "held for the subscription.charged or invoice.paid of invoice inv_RZ1Renewal that claims it",
    "deliveries": [{"sale": {k: v for k, v in SUBSCRIPTION_SALE.items() if k not in ("plan", "mrr", "subscription_id")}}]}
expected["payment.captured.subscription-claimed"] = {
    "fixture": "payment.captured.subscription", "after": ["subscription.charged"],
    "deliveries": [{"ignored": "payment pay_RZ1Renewal is already the one-time sale pay_RZ1Renewal"}]}
renewal_invoice = invoice("inv_RZ1Renewal", "pay_RZ1Renewal", 99900, 0, subscription_id="sub_RZ1Monthly",
                          customer_id="cust_RZ1Ada",
                          customer_details={"id": "cust_RZ1Ada", "email": "ada@example.com", "contact": None})
fixtures["invoice.paid.subscription"] = event("invoice.paid", payment=renewal, order={"id": "order_RZ1Renewal"},
                                              invoice=renewal_invoice)
expected["invoice.paid.subscription"] = {
    "waits": "held for the subscription.charged of subscription sub_RZ1Monthly that claims it",
    "deliveries": [{"sale": {k: v for k, v in SUBSCRIPTION_SALE.items() if k not in ("plan", "mrr")}}]}
# With subscription.charged taken out of the mapping file's sales, nothing is waited for: the
# invoice is the sale at once, its tax taken out.
expected["invoice.paid.subscription-unrouted"] = {
    "fixture": "invoice.paid.subscription", "events": {"sale": ["payment.captured", "invoice.paid"]},
    "deliveries": [{"sale": {k: v for k, v in SUBSCRIPTION_SALE.items() if k not in ("plan", "mrr")}}]}
expected["invoice.paid.subscription-claimed"] = {
    "fixture": "invoice.paid.subscription", "after": ["subscription.charged"],
    "deliveries": [{"ignored": "payment pay_RZ1Renewal is already the one-time sale pay_RZ1Renewal"}]}

# 4. A Razorpay Invoice with GST: ₹1,180 paid, ₹180 of it tax: the sale is ₹1,000.
taxed = payment("pay_RZ1Invoice", 118000, invoice_id="inv_RZ1Taxed", customer_id="cust_RZ1Bob", email="bob@example.com")
fixtures["invoice.paid.taxed"] = event("invoice.paid", payment=taxed, order={"id": "order_RZ1Taxed"},
                                       invoice=invoice("inv_RZ1Taxed", "pay_RZ1Invoice", 118000, 18000))
TAXED_SALE = {"email": "bob@example.com", "uid": "cust_RZ1Bob", "event_id": "pay_RZ1Invoice", "amount": "100000",
              "currency": "INR", "created_at": "2025-11-24T16:00:00Z"}
expected["invoice.paid.taxed"] = {"deliveries": [{"sale": TAXED_SALE}]}
expected["invoice.paid.taxed-amount-paid"] = {"fixture": "invoice.paid.taxed", "amount_basis": "amount_paid",
                                              "deliveries": [{"sale": dict(TAXED_SALE, amount="118000")}]}

# 5. Refunds: of part of the one-time payment, and of the whole invoice (tax taken out in the
#    sale's proportion: 118000 × 100000 / 118000); an authorization never captured is no sale.
def refund(rid, pid, amount, **fields):
    entity = {"id": rid, "entity": "refund", "amount": amount, "currency": "INR", "payment_id": pid, "notes": [],
              "receipt": None, "acquirer_data": {"arn": None}, "created_at": T0 + 2 * DAY, "batch_id": None,
              "status": "processed", "speed_processed": "normal", "speed_requested": "normal"}
    entity.update(fields)
    return entity

fixtures["refund.processed.partial"] = event("refund.processed", created_at=T0 + 2 * DAY,
    refund=refund("rfnd_RZ1Part", "pay_RZ1OneTime", 20000), payment=dict(one_time, amount_refunded=20000, refund_status="partial"))
expected["refund.processed.partial"] = {"after": ["payment.captured.one-time"], "deliveries": [{"refund": {
    "email": "ada@example.com", "event_id": "rfnd_RZ1Part", "amount": "20000", "currency": "INR",
    "sale_event_id": "pay_RZ1OneTime", "created_at": "2025-11-26T16:00:00Z"}}]}
fixtures["refund.processed.full"] = event("refund.processed", created_at=T0 + 2 * DAY,
    refund=refund("rfnd_RZ1Full", "pay_RZ1Invoice", 118000), payment=dict(taxed, amount_refunded=118000, refund_status="full"))
expected["refund.processed.full"] = {"after": ["invoice.paid.taxed"], "deliveries": [{"refund": {
    "email": "bob@example.com", "uid": "cust_RZ1Bob", "event_id": "rfnd_RZ1Full", "amount": "100000", "currency": "INR",
    "sale_event_id": "pay_RZ1Invoice", "created_at": "2025-11-26T16:00:00Z"}}]}
authorized = payment("pay_RZ1Authorized", 100, status="refunded", captured=False)
fixtures["refund.processed.authorization"] = event("refund.processed", created_at=T0 + 5 * DAY,
    refund=refund("rfnd_RZ1Auth", "pay_RZ1Authorized", 100), payment=authorized)
expected["refund.processed.authorization"] = {"deliveries": [{"ignored": "which was never captured: it was no sale"}]}

# 6. A chargeback lost: what the dispute took back, as a refund of the sale.
dispute = {"id": "disp_RZ1Lost", "entity": "dispute", "payment_id": "pay_RZ1OneTime", "amount": 49900,
           "currency": "INR", "amount_deducted": 49900, "reason_code": "chargeback", "respond_by": T0 + 10 * DAY,
           "status": "lost", "phase": "chargeback", "created_at": T0 + 3 * DAY}
fixtures["payment.dispute.lost"] = event("payment.dispute.lost", created_at=T0 + 9 * DAY, payment=one_time, dispute=dispute)
expected["payment.dispute.lost"] = {"after": ["payment.captured.one-time"], "deliveries": [{"refund": {
    "email": "ada@example.com", "event_id": "disp_RZ1Lost", "amount": "49900", "currency": "INR",
    "sale_event_id": "pay_RZ1OneTime", "created_at": "2025-11-27T16:00:00Z"}}]}

# 7. A cancellation.
cancelled = dict(monthly, status="cancelled", ended_at=T0 + 10 * DAY)
fixtures["subscription.cancelled"] = event("subscription.cancelled", created_at=T0 + 10 * DAY, subscription=cancelled)
expected["subscription.cancelled"] = {"deliveries": [{"cancellation": {
    "uid": "cust_RZ1Ada", "event_id": "sub_RZ1Monthly", "created_at": "2025-12-04T16:00:00Z"}}]}

# 8. The published sample, byte for byte: payment.authorized is not routed.
raw["payment.authorized"] = sample_body
expected["payment.authorized"] = {"deliveries": [{"ignored": "payment.authorized is not routed"}]}

# 9. Money the payload does not state: an invoice without its tax_amount fails, naming it.
without_tax = copy.deepcopy(fixtures["invoice.paid.taxed"])
del without_tax["payload"]["invoice"]["entity"]["tax_amount"]
fixtures["invoice.paid.without-tax"] = without_tax
expected["invoice.paid.without-tax"] = {"error": "payload.invoice.entity.tax_amount is missing"}

write(OUT, fixtures, expected, raw=raw)

# Signature vectors: the published one (razorpay-python's tests), and computed ones, each
# checked against the SDK's own verify_webhook_signature.
utility = razorpay.Client(auth=("key_id", "key_secret")).utility
published = "d60e67fd884556c045e9be7dad57903e33efc7172c17c6e3ef77db42d2b366e9"
assert utility.verify_webhook_signature(sample_body, published, "key_secret")
with open(os.path.join(OUT, "payment.captured.one-time.json"), encoding="utf-8") as f:
    one_time_body = f.read()
computed = hmac.new(b"whsec-razorpay", one_time_body.encode("utf-8"), hashlib.sha256).hexdigest()
assert utility.verify_webhook_signature(one_time_body, computed, "whsec-razorpay")


def sdk_accepts(body, signature, secret):
    try:
        return utility.verify_webhook_signature(body, signature, secret)
    except razorpay.errors.SignatureVerificationError:
        return False


def rz(name, expect, secrets, signature, body_file="payment.authorized.json", **extra):
    # Razorpay sends its event id with every webhook: without it a verified body is no event.
    headers = {"X-Razorpay-Event-Id": "evt_" + name.split(":")[0].replace(" ", "_")}
    if signature is not None:
        headers["X-Razorpay-Signature"] = signature
    return vector(name, expect, {"WEBHOOK_SECRET": secrets}, headers, 0, body_file=body_file, **extra)


assert not sdk_accepts(one_time_body.replace("49900", "49901"), computed, "whsec-razorpay")
vectors = [
    rz("published payment.authorized", "valid", ["key_secret"], published),
    rz("computed payment.captured", "valid", ["whsec-razorpay"], computed, "payment.captured.one-time.json"),
    rz("rotation: the second secret", "valid", ["old-secret", "key_secret"], published),
    rz("wrong secret", "no_match", ["other-secret"], published),
    rz("another body under the same signature", "no_match", ["whsec-razorpay"], computed, "payment.captured.yen.json"),
    rz("not hex", "no_match", ["key_secret"], "zz" + published[2:]),
    rz("no X-Razorpay-Signature header", "missing", ["key_secret"], None, error="missing X-Razorpay-Signature header"),
]
write_vectors(OUT, vectors, checked_with="razorpay-python " + importlib.metadata.version("razorpay"))
