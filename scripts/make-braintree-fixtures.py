#!/usr/bin/env python3
"""Writes Tests/Fixtures/braintree/: Braintree notifications as form bodies signed with the
official SDK, the FirstPromoter calls expected of each (written by hand), and signature vectors.

    pip install braintree   # 4.48.0 was used
    python3 scripts/make-braintree-fixtures.py

Two kinds of payload:
- the SDK's own `WebhookTestingGateway.sample_notification` (its clock fixed), exactly as Braintree's
  library builds them;
- realistic notifications written here with the element names Braintree's server sends (dashed:
  `currency-iso-code`, `tax-amount`, `plan-id`, `customer/email`; see confirmations.md), encoded
  and signed by the SDK's own code, and parsed back by the SDK to prove they are what it accepts.
"""
from fixture_files import output_folder, write, vector, write_vectors
import base64, datetime, json, urllib.parse
import braintree
import braintree.webhook_testing_gateway as testing
from braintree.util.crypto import Crypto

OUT = output_folder("braintree")
PUBLIC, PRIVATE = "integration_public_key", "integration_private_key"
gateway = braintree.BraintreeGateway(braintree.Configuration(
    braintree.Environment.Sandbox, "integration_merchant_id", PUBLIC, PRIVATE))


class FixedClock(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return datetime.datetime(2025, 11, 24, 16, 0, 5)


testing.datetime = FixedClock
STAMP = "2025-11-24T16:00:05Z"


def form(payload, signature=None):
    """The URL-encoded body Braintree posts; the signature made by the SDK unless given."""
    if isinstance(payload, str):
        payload = payload.encode()
    signature = signature or "%s|%s" % (PUBLIC, Crypto.sha1_hmac_hash(PRIVATE, payload))
    gateway.webhook_notification.parse(signature, payload)  # the SDK accepts it, or this raises
    return urllib.parse.urlencode({"bt_signature": signature, "bt_payload": payload.decode()})


def notification(kind, subject):
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<notification>
  <timestamp type="datetime">{STAMP}</timestamp>
  <kind>{kind}</kind>
  <subject>
{subject}
  </subject>
</notification>
"""
    return base64.encodebytes(xml.encode())


def transaction(id, amount, tax="", currency="USD", status="settled", created="2025-11-24T16:00:00Z",
                customer=("cus_8841", "ada@example.com"), dash="-", custom=""):
    d = lambda name: name.replace("-", dash)
    tax_xml = f"<{d('tax-amount')}>{tax}</{d('tax-amount')}>" if tax else f'<{d("tax-amount")} nil="true"/>'
    return f"""      <transaction>
        <id>{id}</id>
        <type>sale</type>
        <status>{status}</status>
        <amount>{amount}</amount>
        {tax_xml}
        <{d('currency-iso-code')}>{currency}</{d('currency-iso-code')}>
        <{d('plan-id')}>pro-monthly</{d('plan-id')}>
        <{d('created-at')} type="datetime">{created}</{d('created-at')}>
        <customer>
          <id>{customer[0]}</id>
          <email>{customer[1]}</email>
          <{d('first-name')}>Ada</{d('first-name')}>
          <{d('custom-fields')}>{custom}</{d('custom-fields')}>
        </customer>
      </transaction>"""


def subscription(id, plan, transactions, start="2025-11-24", end="2025-12-23", status="Active", dash="-", discounts=""):
    d = lambda name: name.replace("-", dash)
    discounts_xml = f'<discounts type="array">{discounts}</discounts>' if discounts else '<discounts type="array"/>' 
    return f"""    <subscription>
      <id>{id}</id>
      <{d('plan-id')}>{plan}</{d('plan-id')}>
      <status>{status}</status>
      <{d('billing-period-start-date')} type="date">{start}</{d('billing-period-start-date')}>
      <{d('billing-period-end-date')} type="date">{end}</{d('billing-period-end-date')}>
      <transactions type="array">
{chr(10).join(transactions)}
      </transactions>
      <{d('add-ons')} type="array"/>
      {discounts_xml}
    </subscription>"""


raw, expected = {}, {}
SALE = {"email": "ada@example.com", "uid": "cus_8841", "event_id": "txn_new", "amount": "4999", "plan": "pro-monthly",
        "currency": "USD", "mrr": "4999", "subscription_id": "sub_monthly", "created_at": "2025-11-24T16:00:00Z"}

# 1. A monthly renewal: the newest of the listed transactions is the charge.
monthly = subscription("sub_monthly", "pro-monthly", [
    transaction("txn_old", "49.99", created="2025-10-24T16:00:00Z"), transaction("txn_new", "49.99")])
raw["subscription_charged_successfully"] = form(notification("subscription_charged_successfully", monthly))
expected["subscription_charged_successfully"] = {"deliveries": [{"sale": SALE}]}

# 2. The same charge told by subscription_went_active (a first charge may come only so): one sale.
raw["subscription_went_active"] = form(notification("subscription_went_active", monthly))
expected["subscription_went_active"] = {"deliveries": [{"sale": SALE}]}

# 3. Underscored names, as the SDK's own samples write them: read alike.
underscored = subscription("sub_monthly", "pro-monthly", [transaction("txn_new", "49.99", dash="_")], dash="_")
raw["subscription_charged_successfully.underscored"] = form(notification("subscription_charged_successfully", underscored))
expected["subscription_charged_successfully.underscored"] = {"deliveries": [{"sale": SALE}]}

# 4. A yearly plan with tax, for a referred customer (fp-tid custom field): the sale excludes
#    the tax, MRR is a twelfth.
yearly = subscription("sub_yearly", "pro-yearly", [transaction("txn_yearly", "1200.00", tax="200.00",
                                                               custom="<fp-tid>tid_braintree</fp-tid>")],
                      start="2025-11-24", end="2026-11-23")
raw["subscription_charged_successfully.taxed-yearly"] = form(notification("subscription_charged_successfully", yearly))
expected["subscription_charged_successfully.taxed-yearly"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_yearly", amount="100000", plan="pro-yearly", mrr="8333", subscription_id="sub_yearly",
    tid="tid_braintree")}]}

# 5. Yen has no minor unit: 5000 JPY is 5000.
yen = subscription("sub_yen", "pro-monthly", [transaction("txn_yen", "5000", currency="JPY")])
raw["subscription_charged_successfully.yen"] = form(notification("subscription_charged_successfully", yen))
expected["subscription_charged_successfully.yen"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_yen", amount="5000", currency="JPY", mrr="5000", subscription_id="sub_yen")}]}

# 5b. A 10.00 discount on the subscription: Braintree charges 39.99, which is the sale and its MRR.
discount = """
        <discount>
          <id>launch-10</id>
          <amount>10.00</amount>
          <never-expires type="boolean">true</never-expires>
          <quantity type="integer">1</quantity>
        </discount>
      """
discounted = subscription("sub_discounted", "pro-monthly", [transaction("txn_discounted", "39.99")], discounts=discount)
raw["subscription_charged_successfully.discounted"] = form(notification("subscription_charged_successfully", discounted))
expected["subscription_charged_successfully.discounted"] = {"deliveries": [{"sale": dict(
    SALE, event_id="txn_discounted", amount="3999", mrr="3999", subscription_id="sub_discounted")}]}

# 6. A plan renamed in the mapping file; a 100% discount (0.00) is no sale; a declined charge is none.
expected["subscription_charged_successfully.renamed"] = {"fixture": "subscription_charged_successfully",
    "plans": {"pro-monthly": "pro"}, "deliveries": [{"sale": dict(SALE, plan="pro")}]}
free = subscription("sub_free", "pro-monthly", [transaction("txn_free", "0.00")])
raw["subscription_charged_successfully.zero"] = form(notification("subscription_charged_successfully", free))
expected["subscription_charged_successfully.zero"] = {"deliveries": [{"ignored": "paid 0"}]}
declined = subscription("sub_declined", "pro-monthly", [transaction("txn_declined", "49.99", status="processor_declined")])
raw["subscription_charged_successfully.declined"] = form(notification("subscription_charged_successfully", declined))
expected["subscription_charged_successfully.declined"] = {"deliveries": [{"ignored": "is processor_declined, not charged"}]}

# 7. The SDK's own sample carries no currency: stored, and the mapping error names the field.
raw["subscription_charged_successfully.sdk-sample"] = urllib.parse.urlencode(
    gateway.webhook_testing.sample_notification(braintree.WebhookNotification.Kind.SubscriptionChargedSuccessfully, "sub_sdk"))
expected["subscription_charged_successfully.sdk-sample"] = {"error": "currency_iso_code '' is not an ISO 4217 code"}

# 8. A lost dispute of the taxed yearly charge: refunded in the sale's tax-free proportion.
dispute = """    <dispute>
      <id>dp_yearly</id>
      <amount>1200.00</amount>
      <amount-disputed>600.00</amount-disputed>
      <currency-iso-code>USD</currency-iso-code>
      <kind>chargeback</kind>
      <status>lost</status>
      <received-date type="date">2025-11-24</received-date>
      <transaction>
        <id>txn_yearly</id>
        <amount>1200.00</amount>
      </transaction>
    </dispute>"""
raw["dispute_lost"] = form(notification("dispute_lost", dispute))
expected["dispute_lost"] = {"after": ["subscription_charged_successfully.taxed-yearly"], "deliveries": [
    {"after": "sale txn_yearly", "refund": {"email": "ada@example.com", "uid": "cus_8841", "event_id": "dp_yearly",
     "amount": "50000", "currency": "USD", "sale_event_id": "txn_yearly", "created_at": "2025-11-24T00:00:00Z"}}]}

# 9. The SDK's dispute_lost sample, of a sale the bridge never saw: held for the sale, then it has
#    no lead to send to.
raw["dispute_lost.sdk-sample"] = urllib.parse.urlencode(
    gateway.webhook_testing.sample_notification(braintree.WebhookNotification.Kind.DisputeLost, "dp_sdk"))
expected["dispute_lost.sdk-sample"] = {"waits": "its sale dp_sdk is not recorded yet",
    "deliveries": [{"ignored": "names no customer or email"}]}

# 10. A won dispute is routed nowhere.
raw["dispute_won.sdk-sample"] = urllib.parse.urlencode(
    gateway.webhook_testing.sample_notification(braintree.WebhookNotification.Kind.DisputeWon, "dp_won"))
expected["dispute_won.sdk-sample"] = {"deliveries": [{"ignored": "dispute_won is not routed"}]}

# 11. Cancellation and expiry: the lead from the newest transaction. The SDK's own sample lists none.
canceled = subscription("sub_monthly", "pro-monthly", [transaction("txn_new", "49.99")], status="Canceled")
raw["subscription_canceled"] = form(notification("subscription_canceled", canceled))
expected["subscription_canceled"] = {"deliveries": [{"cancellation": {
    "email": "ada@example.com", "uid": "cus_8841", "event_id": "sub_monthly", "created_at": STAMP}}]}
raw["subscription_expired"] = form(notification("subscription_expired", canceled))
expected["subscription_expired"] = {"deliveries": [{"cancellation": {
    "email": "ada@example.com", "uid": "cus_8841", "event_id": "sub_monthly", "created_at": STAMP}}]}
raw["subscription_canceled.sdk-sample"] = urllib.parse.urlencode(
    gateway.webhook_testing.sample_notification(braintree.WebhookNotification.Kind.SubscriptionCanceled, "sub_sdk"))
expected["subscription_canceled.sdk-sample"] = {"deliveries": [{"ignored": "lists no transaction with a customer"}]}

write(OUT, {}, expected, raw=raw, raw_extension="form")

# Signature vectors: the SDK's sample, and what must be refused.
sample = gateway.webhook_testing.sample_notification(braintree.WebhookNotification.Kind.SubscriptionChargedSuccessfully, "my_id")
payload, signature = sample["bt_payload"], sample["bt_signature"]
if isinstance(payload, bytes):
    payload = payload.decode()
good = signature.split("|")[1]
other = Crypto.sha1_hmac_hash("another_private_key", payload.encode())
def bt(name, expect, fields, **extra):
    body = urllib.parse.urlencode({("bt_" + k): value for k, value in fields.items()})
    return vector(name, expect, {"PUBLIC_KEY": [PUBLIC], "PRIVATE_KEY": [PRIVATE]},
                  {"Content-Type": "application/x-www-form-urlencoded"}, 0, body=body, **extra)


vectors = [
    bt("SDK sample", "valid", {"signature": signature, "payload": payload}),
    bt("signed over payload and newline", "valid",
       {"signature": f"{PUBLIC}|{Crypto.sha1_hmac_hash(PRIVATE, (payload + chr(10)).encode())}", "payload": payload}),
    bt("another key pair listed first", "valid", {"signature": f"other_public_key|{other}&{signature}", "payload": payload}),
    bt("wrong private key", "no_match", {"signature": f"{PUBLIC}|{other}", "payload": payload}),
    bt("no pair for our public key", "no_match", {"signature": f"other_public_key|{good}", "payload": payload},
       error="no pair for the configured public key"),
    bt("tampered payload", "no_match", {"signature": signature, "payload": payload.replace("A", "B", 1)}),
    bt("signature not a pair", "malformed", {"signature": good, "payload": payload}),
    bt("payload not base64", "malformed", {"signature": signature, "payload": payload + "!"}),
    bt("missing bt_signature", "missing", {"payload": payload}, error="missing bt_signature field"),
    bt("missing bt_payload", "missing", {"signature": signature}, error="missing bt_payload field"),
]
challenge = "20f9f8ed05f77439fe955c977e4c8a53"
write_vectors(OUT, vectors, challenge={"public_key": PUBLIC, "private_key": PRIVATE, "challenge": challenge,
                                        "answer": gateway.webhook_notification.verify(challenge)})
print(f"wrote {len(raw)} notifications and {len(vectors)} signature vectors to {OUT}")
