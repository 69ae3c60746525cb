#!/usr/bin/env python3
"""Writes Tests/Fixtures/recurly/: Recurly JSON webhooks with the v3 API documents they name
(`{name}.lookups.json`, path → document), XML notifications, the FirstPromoter calls expected of
each (written by hand), and signature vectors.

    pip install recurly   # 4.79.0 was used; it checks every API document below
    python3 scripts/make-recurly-fixtures.py [path to shared/reference/providers/samples]

Recurly's Python client has no webhook helper: the signature vectors are the published ones from
recurly-client-ruby's spec (vectors.md) and ones computed the same way (hex HMAC-SHA256 over
"{ms}.{body}"). API documents follow the client's resource schemas (amounts are floats in major
units) and are cast by the client to prove it; XML follows the element names of Recurly's own
notification fixtures (confirmations.md).
"""
from fixture_files import output_folder, samples_folder, write, vector, write_vectors
import base64, hashlib, hmac, json, os
import recurly
from recurly.resource import Resource

recurly.STRICT_MODE = True  # an attribute or type the client does not know raises

SAMPLES = samples_folder()
OUT = output_folder("recurly")
fixtures, expected, raw, lookups = {}, {}, {}, {}


def checked(document):
    """The document, after Recurly's own client has read it as its resource type."""
    Resource.cast_json(json.loads(json.dumps(document)))
    return document


def webhook(id, object_type, event_type, **identifier):
    return {"id": id, "object_type": object_type, "site_id": "qc326l1hl8k9", "event_type": event_type,
            "event_time": "2025-11-24T16:00:05Z", **identifier}


ACCOUNT = {"object": "account", "id": "acct1", "code": "acct_ada", "email": "ada@example.com"}


def invoice(number, total, tax, currency="USD", state="paid", plan="pro-monthly", start="2025-11-24T16:00:00Z",
            end="2025-12-24T16:00:00Z", type="charge", subtotal=None, discount=0.0, origin="renewal"):
    return checked({
        "object": "invoice", "id": f"inv{number}", "uuid": "6a1e0c9b2d" + str(number).rjust(22, "0"), "number": str(number),
        "type": type, "origin": origin, "state": state, "currency": currency, "account": ACCOUNT,
        "subtotal": subtotal if subtotal is not None else total - tax + discount, "discount": discount, "tax": tax,
        "total": total, "paid": total, "balance": 0.0, "subscription_ids": ["sub_ada"],
        "line_items": [{"object": "line_item", "id": f"li{number}", "type": "charge", "plan_code": plan,
                        "subscription_id": "sub_ada", "refund": False, "amount": total - tax, "currency": currency,
                        "start_date": start, "end_date": end}],
        "created_at": "2025-11-24T16:00:00Z", "closed_at": "2025-11-24T16:00:01Z"})


SALE = {"email": "ada@example.com", "uid": "acct_ada", "event_id": "recurly-invoice-1001", "amount": "9000",
        "plan": "pro-monthly", "currency": "USD", "mrr": "9000", "subscription_id": "sub_ada",
        "created_at": "2025-11-24T16:00:01Z"}

# 1. A monthly renewal: 100.00 less a 10.00 discount, plus 7.20 tax: 90.00 is the sale.
fixtures["charge_invoice.paid"] = webhook("rjxwmwedw001", "charge_invoice", "paid", invoice_number=1001)
lookups["charge_invoice.paid"] = {"/invoices/number-1001": invoice(1001, 97.2, 7.2, discount=10.0)}
expected["charge_invoice.paid"] = {"deliveries": [{"sale": SALE}]}

# 1b. The subscription's first invoice (origin purchase), no discount: the same kind of sale.
fixtures["charge_invoice.paid.first"] = webhook("rjxwmwedw009", "charge_invoice", "paid", invoice_number=1000)
lookups["charge_invoice.paid.first"] = {"/invoices/number-1000": invoice(1000, 108.0, 8.0, origin="purchase",
                                                                          start="2025-10-24T16:00:00Z", end="2025-11-24T16:00:00Z")}
expected["charge_invoice.paid.first"] = {"deliveries": [{"sale": dict(
    SALE, event_id="recurly-invoice-1000", amount="10000", mrr="10000")}]}

# 2. A yearly plan in yen (no minor unit), no tax: MRR a twelfth.
fixtures["charge_invoice.paid.yen-yearly"] = webhook("rjxwmwedw002", "charge_invoice", "paid", invoice_number=1002)
lookups["charge_invoice.paid.yen-yearly"] = {"/invoices/number-1002": invoice(
    1002, 12000.0, 0.0, currency="JPY", plan="pro-yearly", end="2026-11-24T16:00:00Z")}
expected["charge_invoice.paid.yen-yearly"] = {"deliveries": [{"sale": dict(
    SALE, event_id="recurly-invoice-1002", amount="12000", currency="JPY", plan="pro-yearly", mrr="1000")}]}

# 3. Sent with tax when the mapping file says total; a plan renamed.
fixtures["charge_invoice.paid.total"] = fixtures["charge_invoice.paid"]
lookups["charge_invoice.paid.total"] = lookups["charge_invoice.paid"]
expected["charge_invoice.paid.total"] = {"amount_basis": "total", "plans": {"pro-monthly": "pro"},
    "deliveries": [{"sale": dict(SALE, amount="9720", mrr="9720", plan="pro")}]}

# 4. A fully discounted invoice, and one that is not paid (failed), are no sales.
fixtures["charge_invoice.paid.zero"] = webhook("rjxwmwedw004", "charge_invoice", "paid", invoice_number=1004)
lookups["charge_invoice.paid.zero"] = {"/invoices/number-1004": invoice(1004, 0.0, 0.0, discount=100.0)}
expected["charge_invoice.paid.zero"] = {"deliveries": [{"ignored": "paid 0"}]}
fixtures["charge_invoice.paid.failed"] = webhook("rjxwmwedw005", "charge_invoice", "paid", invoice_number=1005)
lookups["charge_invoice.paid.failed"] = {"/invoices/number-1005": invoice(1005, 97.2, 7.2, state="failed")}
expected["charge_invoice.paid.failed"] = {"deliveries": [{"ignored": "invoice 1005 is failed, not paid"}]}

# 5. An invoice document without its currency: the error names the field.
fixtures["charge_invoice.paid.no-currency"] = webhook("rjxwmwedw006", "charge_invoice", "paid", invoice_number=1006)
broken = dict(invoice(1006, 97.2, 7.2))
del broken["currency"]
lookups["charge_invoice.paid.no-currency"] = {"/invoices/number-1006": broken}
expected["charge_invoice.paid.no-currency"] = {"error": "currency is missing"}

# 6. Half of invoice 1001 refunded (48.60 with tax): the refund transaction names the payment,
#    whose invoice is the sale; tax excluded as the sale was.
fixtures["payment.refunded"] = webhook("rjxwmwedw007", "payment", "refunded", uuid="63b068f7d409d4b4478dea4e6aba58ae")
lookups["payment.refunded"] = {
    "/transactions/uuid-63b068f7d409d4b4478dea4e6aba58ae": checked({
        "object": "transaction", "id": "txrefund1", "uuid": "63b068f7d409d4b4478dea4e6aba58ae", "type": "refund",
        "status": "success", "success": True, "amount": 48.6, "currency": "USD", "account": ACCOUNT,
        "original_transaction_id": "txpay1001", "collected_at": "2025-11-25T10:00:00Z"}),
    "/transactions/txpay1001": checked({
        "object": "transaction", "id": "txpay1001", "uuid": "5f0d2c1b9a8e7d6c5b4a392817060504", "type": "purchase",
        "status": "success", "success": True, "amount": 97.2, "currency": "USD", "account": ACCOUNT,
        "invoice": {"object": "invoice", "id": "inv1001", "number": "1001", "type": "charge", "state": "paid"}}),
}
expected["payment.refunded"] = {"after": ["charge_invoice.paid"], "deliveries": [{"after": "sale recurly-invoice-1001", "refund": {
    "email": "ada@example.com", "uid": "acct_ada", "event_id": "63b068f7d409d4b4478dea4e6aba58ae", "amount": "4500",
    "currency": "USD", "sale_event_id": "recurly-invoice-1001", "created_at": "2025-11-25T10:00:00Z"}}]}

# 7. Cancellation and expiry.
fixtures["subscription.canceled"] = webhook("rjxwmwedw008", "subscription", "canceled", uuid="63ab531e1d5b1d47eaf1ef44eeb853c3")
lookups["subscription.canceled"] = {"/subscriptions/uuid-63ab531e1d5b1d47eaf1ef44eeb853c3": checked({
    "object": "subscription", "id": "sub_ada", "uuid": "63ab531e1d5b1d47eaf1ef44eeb853c3", "state": "canceled",
    "account": ACCOUNT, "currency": "USD", "canceled_at": "2025-11-26T09:00:00Z", "expires_at": "2025-12-24T16:00:00Z"})}
expected["subscription.canceled"] = {"deliveries": [{"cancellation": {
    "email": "ada@example.com", "uid": "acct_ada", "event_id": "63ab531e1d5b1d47eaf1ef44eeb853c3",
    "created_at": "2025-11-26T09:00:00Z"}}]}

# 8. Recurly's published signed body (account.created): no call, and no API lookup.
with open(os.path.join(SAMPLES, "recurly-account.created.signed-body.json")) as f:
    raw["account.created"] = f.read()
expected["account.created"] = {"deliveries": [{"ignored": "account.created is not routed"}]}

# XML notifications, with Recurly's element names.
def xml(root, body):
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>\n{body}\n</{root}>\n'


ACCOUNT_XML = """  <account>
    <account_code>acct_ada</account_code>
    <username nil="true"></username>
    <email>{email}</email>
    <first_name>Ada</first_name>
    <last_name>Lovelace</last_name>
    <company_name nil="true"></company_name>
  </account>"""

xmls = {}
xmls["paid_charge_invoice_notification"] = xml("paid_charge_invoice_notification", ACCOUNT_XML.format(email="") + """
  <invoice>
    <uuid>42feb03ce368c0e1ead35d4bfa89b82e</uuid>
    <state>pending</state>
    <origin>renewal</origin>
    <subscription_ids type="array">
      <subscription_id>40b8f5e99df03b8684b99d4993b6e089</subscription_id>
    </subscription_ids>
    <invoice_number_prefix></invoice_number_prefix>
    <invoice_number type="integer">2001</invoice_number>
    <balance_in_cents type="integer">0</balance_in_cents>
    <total_in_cents type="integer">10800</total_in_cents>
    <tax_in_cents type="integer">800</tax_in_cents>
    <subtotal_in_cents type="integer">10000</subtotal_in_cents>
    <subtotal_before_discount_in_cents type="integer">12000</subtotal_before_discount_in_cents>
    <discount_in_cents type="integer">2000</discount_in_cents>
    <currency>USD</currency>
    <created_at type="datetime">2025-11-24T16:00:00Z</created_at>
    <updated_at type="datetime">2025-11-24T16:00:01Z</updated_at>
    <closed_at type="datetime">2025-11-24T16:00:01Z</closed_at>
    <net_terms type="integer">0</net_terms>
    <collection_method>automatic</collection_method>
  </invoice>""")
XML_SALE = {"uid": "acct_ada", "event_id": "recurly-invoice-2001", "amount": "10000", "currency": "USD",
            "subscription_id": "40b8f5e99df03b8684b99d4993b6e089", "created_at": "2025-11-24T16:00:01Z"}
expected["paid_charge_invoice_notification"] = {"deliveries": [{"sale": XML_SALE}]}

def closed(state, number):
    return xml("closed_invoice_notification", ACCOUNT_XML.format(email="ada@example.com") + f"""
  <invoice>
    <uuid>ffc64d71d4b5404e93f13aac9c63b00{number % 10}</uuid>
    <subscription_id>40b8f5e99df03b8684b99d4993b6e089</subscription_id>
    <state>{state}</state>
    <invoice_number_prefix></invoice_number_prefix>
    <invoice_number type="integer">{number}</invoice_number>
    <po_number></po_number>
    <vat_number></vat_number>
    <total_in_cents type="integer">1100</total_in_cents>
    <currency>USD</currency>
    <date type="datetime">2025-11-24T16:00:00Z</date>
    <closed_at type="datetime">2025-11-24T16:00:02Z</closed_at>
  </invoice>""")

xmls["closed_invoice_notification"] = closed("collected", 2002)
expected["closed_invoice_notification"] = {"deliveries": [{"sale": {
    "email": "ada@example.com", "uid": "acct_ada", "event_id": "recurly-invoice-2002", "amount": "1100", "currency": "USD",
    "subscription_id": "40b8f5e99df03b8684b99d4993b6e089", "created_at": "2025-11-24T16:00:02Z"}}]}
xmls["closed_invoice_notification.failed"] = closed("failed", 2003)
expected["closed_invoice_notification.failed"] = {"deliveries": [{"ignored": "invoice 2003 closed failed, not collected"}]}

def transaction(root, id, amount, action="credit"):
    return xml(root, ACCOUNT_XML.format(email="ada@example.com") + f"""
  <transaction>
    <id>{id}</id>
    <invoice_id>42feb03ce368c0e1ead35d4bfa89b82e</invoice_id>
    <invoice_number type="integer">2001</invoice_number>
    <subscription_id>40b8f5e99df03b8684b99d4993b6e089</subscription_id>
    <action>{action}</action>
    <date type="datetime">2025-11-25T10:00:00Z</date>
    <amount_in_cents type="integer">{amount}</amount_in_cents>
    <status>success</status>
    <message>Bogus Gateway: Forced success</message>
    <reference></reference>
    <source>subscription</source>
    <cvv_result code=""></cvv_result>
    <avs_result code=""></avs_result>
    <avs_result_street></avs_result_street>
    <avs_result_postal></avs_result_postal>
    <test type="boolean">true</test>
    <voidable type="boolean">true</voidable>
    <refundable type="boolean">true</refundable>
  </transaction>""")

# The whole paid invoice refunded: exactly the sale goes back (no currency element: the sale's).
xmls["successful_refund_notification"] = transaction("successful_refund_notification", "a5143c1d3a6f4a8287d0e2cc1d4c0427", 10800)
expected["successful_refund_notification"] = {"after": ["paid_charge_invoice_notification"], "deliveries": [
    {"after": "sale recurly-invoice-2001", "refund": {"uid": "acct_ada", "email": "ada@example.com",
     "event_id": "a5143c1d3a6f4a8287d0e2cc1d4c0427", "amount": "10000", "currency": "USD",
     "sale_event_id": "recurly-invoice-2001", "created_at": "2025-11-25T10:00:00Z"}}]}
xmls["void_payment_notification"] = transaction("void_payment_notification", "b6254d2e4b7f5b9398e1f3dd2e5d1538", 10800, "purchase")
expected["void_payment_notification"] = {"after": ["paid_charge_invoice_notification"], "deliveries": [
    {"after": "sale recurly-invoice-2001", "refund": {"uid": "acct_ada", "email": "ada@example.com",
     "event_id": "b6254d2e4b7f5b9398e1f3dd2e5d1538", "amount": "10000", "currency": "USD",
     "sale_event_id": "recurly-invoice-2001", "created_at": "2025-11-25T10:00:00Z"}}]}

xmls["canceled_subscription_notification"] = xml("canceled_subscription_notification", ACCOUNT_XML.format(email="ada@example.com") + """
  <subscription>
    <plan>
      <plan_code>pro-monthly</plan_code>
      <name>Pro</name>
    </plan>
    <uuid>40b8f5e99df03b8684b99d4993b6e089</uuid>
    <state>canceled</state>
    <quantity type="integer">1</quantity>
    <total_amount_in_cents type="integer">10000</total_amount_in_cents>
    <activated_at type="datetime">2025-10-24T16:00:00Z</activated_at>
    <canceled_at type="datetime">2025-11-26T09:00:00Z</canceled_at>
    <expires_at type="datetime">2025-12-24T16:00:00Z</expires_at>
    <current_period_started_at type="datetime">2025-11-24T16:00:00Z</current_period_started_at>
    <current_period_ends_at type="datetime">2025-12-24T16:00:00Z</current_period_ends_at>
    <trial_started_at nil="true" type="datetime"></trial_started_at>
    <trial_ends_at nil="true" type="datetime"></trial_ends_at>
    <collection_method>automatic</collection_method>
  </subscription>""")
expected["canceled_subscription_notification"] = {"deliveries": [{"cancellation": {
    "email": "ada@example.com", "uid": "acct_ada", "event_id": "40b8f5e99df03b8684b99d4993b6e089",
    "created_at": "2025-11-26T09:00:00Z"}}]}

# Money the payload does not state: an API invoice without its tax fails, naming the field.
fixtures["charge_invoice.paid.without-tax"] = fixtures["charge_invoice.paid"]
lookups["charge_invoice.paid.without-tax"] = {path: {key: value for key, value in document.items() if key != "tax"}
                                             for path, document in lookups["charge_invoice.paid"].items()}
expected["charge_invoice.paid.without-tax"] = {"error": "invoice.tax is missing"}

write(OUT, fixtures, expected, raw=raw, lookups=lookups)
write(OUT, {}, {}, raw=xmls, raw_extension="xml")

# Signature vectors: the published ones from recurly-client-ruby's spec, and computed ones.
SECRET = "354fab5bd35f5a0d50845ee7e30165244468b13c2c343f104e4e730a59326d9d"
BODY = raw["account.created"]
TS = 1663103925004
sign = lambda secret, ts, body: hmac.new(secret.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
SIG = sign(SECRET, TS, BODY)
assert SIG == "ad24699f3beaa24c9af2cc7ada3ce4c835da0090194241b9d3add83d27f14bc3"  # the published value
NOW = TS // 1000 + 60


def rv(name, expect, secrets, header, now=NOW, body=BODY, **extra):
    return vector(name, expect, {"WEBHOOK_SECRET": secrets, "API_KEY": ["k"], "TOLERANCE_SECONDS": 300},
                  {"recurly-signature": header, "Content-Type": "application/json"}, now, body=body, **extra)


XML = "<paid_charge_invoice_notification/>"
BASIC = {"WEBHOOK_USERNAME": ["recurly"], "WEBHOOK_PASSWORD": ["pass"]}
basic = lambda credentials: "Basic " + base64.b64encode(credentials.encode()).decode()
vectors = [
    rv("published, within tolerance", "valid", [SECRET], f"{TS},{SIG}"),
    rv("published, 5 minutes' tolerance, a year later", "too_old", [SECRET], f"{TS},{SIG}", now=TS // 1000 + 31_536_000),
    rv("published, several signatures", "valid", [SECRET], f"{TS},de1ec7ab1e,{SIG}"),
    rv("rotated: the old secret listed first", "valid", ["old-secret", SECRET], f"{TS},{SIG}"),
    rv("wrong secret", "no_match", ["not-the-secret"], f"{TS},{SIG}"),
    rv("tampered body", "no_match", [SECRET], f"{TS},{SIG}", body=BODY.replace("adfas23zzz14123", "adfas23zzz14124")),
    rv("timestamp changed", "no_match", [SECRET], f"{TS + 1},{SIG}"),
    rv("published: not a timestamp", "malformed", [SECRET], f"abc,{SIG}"),
    rv("published: no signature", "malformed", [SECRET], f"{TS},"),
    vector("XML: the endpoint's basic authentication", "valid", BASIC,
           {"Content-Type": "application/xml", "Authorization": basic("recurly:pass")}, NOW, body=XML),
    vector("XML: wrong password", "wrong_credentials", BASIC,
           {"Content-Type": "application/xml", "Authorization": basic("recurly:guess")}, NOW, body=XML),
    vector("XML: no authentication", "missing", BASIC, {"Content-Type": "text/xml"}, NOW, body=XML),
    vector("XML, with only the JSON secret configured", "not_configured", {"WEBHOOK_SECRET": [SECRET], "API_KEY": ["k"]},
           {"Content-Type": "application/xml", "Authorization": basic("recurly:pass")}, NOW, body=XML),
    rv("JSON, with only basic authentication configured", "not_configured", [], f"{TS},{SIG}") | {"credentials": BASIC},
]
write_vectors(OUT, vectors)
print(f"wrote {len(expected)} expectations and {len(vectors)} signature vectors to {OUT}")
