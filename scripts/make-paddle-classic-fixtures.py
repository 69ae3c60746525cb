#!/usr/bin/env python3
"""Writes Tests/Fixtures/paddle-classic/: Paddle Classic alerts (form bodies, signed), the
FirstPromoter calls expected of each (written by hand), and signature vectors.

    pip install cryptography phpserialize && python3 scripts/make-paddle-classic-fixtures.py

Fields follow Paddle's alert reference (developer.paddle.com/webhook-reference, Classic). Paddle
signs with the vendor's private key, which no sample publishes: the alerts are signed with a test
key pair kept beside the fixtures (`vendor-key.test.pem`, made on the first run, reused after),
exactly as Paddle documents: remove `p_signature`, sort the fields by key, PHP-`serialize()` the
array (checked here against the `phpserialize` package), RSA PKCS #1 v1.5 with SHA-1, base64.
"""
from fixture_files import output_folder, write_vectors, vector
import base64, copy, os, urllib.parse
import phpserialize
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

OUT = output_folder("paddle-classic")
KEY_FILE = os.path.join(OUT, "vendor-key.test.pem")
if not os.path.exists(KEY_FILE):
    with open(KEY_FILE, "wb") as f:
        f.write(rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
with open(KEY_FILE, "rb") as f:
    KEY = serialization.load_pem_private_key(f.read(), password=None)
PUBLIC_PEM = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
with open(os.path.join(OUT, "vendor-public-key.pem"), "w") as f:
    f.write(PUBLIC_PEM)
OTHER = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def php_serialize(fields):
    out = "a:%d:{" % len(fields)
    for key in sorted(fields, key=lambda k: k.encode()):
        for text in (key, fields[key]):
            out += 's:%d:"%s";' % (len(text.encode()), text)
    out += "}"
    # The same bytes as a PHP serializer writes for an array of strings.
    assert out.encode() == phpserialize.dumps({k.encode(): fields[k].encode() for k in sorted(fields, key=lambda k: k.encode())})
    return out.encode()


def sign(fields, key=KEY):
    return base64.b64encode(key.sign(php_serialize(fields), padding.PKCS1v15(), hashes.SHA1())).decode()


def form(fields, key=KEY):
    signed = dict(fields, p_signature=sign(fields, key))
    return urllib.parse.urlencode(signed)


BALANCE = {"balance_currency": "USD", "balance_earnings": "0", "balance_fee": "0", "balance_gross": "0", "balance_tax": "0"}
SUBSCRIPTION_PAYMENT = dict(BALANCE, **{
    "alert_id": "1730001", "alert_name": "subscription_payment_succeeded", "checkout_id": "7-b7c5e2a9c1b5d8f-1a2b3c4d5e",
    "country": "DE", "coupon": "", "currency": "USD", "customer_name": "Grete", "earnings": "23.44",
    "email": "grete@example.com", "event_time": "2025-11-24 16:00:00", "fee": "1.97", "initial_payment": "1",
    "instalments": "1", "marketing_consent": "0", "next_bill_date": "2025-12-24", "next_payment_amount": "29.75",
    "order_id": "1000001-1000001", "passthrough": '{"fp_tid":"tid_classic"}', "payment_method": "card",
    "payment_tax": "4.75", "plan_name": "Pro monthly", "quantity": "1",
    "receipt_url": "https://my.paddle.com/receipt/1000001/abc", "sale_gross": "29.75", "status": "active",
    "subscription_id": "502001", "subscription_payment_id": "8800001", "subscription_plan_id": "12345",
    "unit_price": "25.00", "user_id": "600001"})

fixtures, expected = {}, {}

# 1. A subscription's first payment: $29.75 with $4.75 VAT: the sale is $25.00, MRR 2500.
fixtures["subscription_payment_succeeded"] = SUBSCRIPTION_PAYMENT
SALE = {"email": "grete@example.com", "uid": "600001", "event_id": "1000001-1000001", "amount": "2500", "quantity": "1",
        "plan": "12345", "currency": "USD", "mrr": "2500", "subscription_id": "502001", "created_at": "2025-11-24T16:00:00Z",
        "tid": "tid_classic"}
expected["subscription_payment_succeeded"] = {"deliveries": [{"after": "signup signup-uid-600001", "sale": SALE}]}
expected["subscription_payment_succeeded.earnings"] = {"fixture": "subscription_payment_succeeded", "amount_basis": "earnings",
    "deliveries": [{"after": "signup signup-uid-600001", "sale": dict(SALE, amount="2344", mrr="2344")}]}

# 2. A yearly renewal in yen (no decimals): ¥12,000 with a 25% coupon already taken off by
#    Paddle, no tax: MRR 12000 / 12 = 1000.
yearly = dict(SUBSCRIPTION_PAYMENT, **{
    "alert_id": "1730002", "order_id": "1000002-1000002", "currency": "JPY", "balance_currency": "JPY", "sale_gross": "12000",
    "payment_tax": "0", "earnings": "11340", "fee": "660", "unit_price": "16000", "coupon": "LAUNCH25",
    "initial_payment": "0", "event_time": "2025-11-24 16:00:00", "next_bill_date": "2026-11-24",
    "subscription_plan_id": "12346", "passthrough": ""})
fixtures["subscription_payment_succeeded.yearly-yen-coupon"] = yearly
expected["subscription_payment_succeeded.yearly-yen-coupon"] = {"deliveries": [{"after": "signup signup-uid-600001", "sale": {
    "email": "grete@example.com", "uid": "600001", "event_id": "1000002-1000002", "amount": "12000", "quantity": "1",
    "plan": "12346", "currency": "JPY", "mrr": "1000", "subscription_id": "502001", "created_at": "2025-11-24T16:00:00Z",
    "promo_code": "LAUNCH25"}}]}

# 3. A one-off payment of a product, and a free one (a 100% coupon: ignored).
one_off = dict(BALANCE, **{
    "alert_id": "1730003", "alert_name": "payment_succeeded", "checkout_id": "8-c1", "country": "US", "coupon": "",
    "currency": "USD", "customer_name": "Hal", "earnings": "45.55", "email": "hal@example.com",
    "event_time": "2025-11-24 16:00:00", "fee": "2.95", "ip": "192.0.2.1", "marketing_consent": "1",
    "order_id": "1000003-1000003", "passthrough": "internal-ref-77", "payment_method": "paypal", "payment_tax": "0.50",
    "product_id": "777", "product_name": "E-book", "quantity": "1", "receipt_url": "https://my.paddle.com/receipt/1000003/def",
    "sale_gross": "49.00", "used_price_override": "false"})
fixtures["payment_succeeded"] = one_off
expected["payment_succeeded"] = {"deliveries": [{"sale": {
    "email": "hal@example.com", "event_id": "1000003-1000003", "amount": "4850", "quantity": "1", "plan": "777",
    "currency": "USD", "created_at": "2025-11-24T16:00:00Z"}}]}
free = dict(one_off, alert_id="1730004", order_id="1000004-1000004", sale_gross="0.00", payment_tax="0.00", earnings="0.00",
            fee="0.00", coupon="FREE100")
fixtures["payment_succeeded.free"] = free
expected["payment_succeeded.free"] = {"deliveries": [{"ignored": "paid 0"}]}

# 4. Refunds: part of the subscription payment ($11.90 with $1.90 VAT: $10.00 back), the whole
#    one-off payment, and a VAT-only refund (tax back, not the sale).
REFUND = dict(BALANCE, **{
    "alert_id": "1730010", "alert_name": "subscription_payment_refunded", "amount": "11.90", "checkout_id": "7-b7c5e2a9c1b5d8f-1a2b3c4d5e",
    "currency": "USD", "earnings_decrease": "9.37", "email": "grete@example.com", "event_time": "2025-11-26 16:00:00",
    "fee_refund": "0.63", "gross_refund": "11.90", "initial_payment": "1", "instalments": "1", "marketing_consent": "0",
    "order_id": "1000001-1000001", "passthrough": '{"fp_tid":"tid_classic"}', "quantity": "1", "refund_reason": "customer asked",
    "refund_type": "partial", "status": "active", "subscription_id": "502001", "subscription_payment_id": "8800001",
    "subscription_plan_id": "12345", "tax_refund": "1.90", "unit_price": "25.00", "user_id": "600001"})
fixtures["subscription_payment_refunded.partial"] = REFUND
expected["subscription_payment_refunded.partial"] = {"after": ["subscription_payment_succeeded"], "deliveries": [{"refund": {
    "email": "grete@example.com", "uid": "600001", "event_id": "paddle-classic-refund-1730010", "amount": "1000",
    "currency": "USD", "sale_event_id": "1000001-1000001", "created_at": "2025-11-26T16:00:00Z"}}]}
full = {k: v for k, v in REFUND.items() if k not in ("subscription_id", "subscription_payment_id", "subscription_plan_id",
                                                      "initial_payment", "instalments", "status", "unit_price")}
full.update({"alert_id": "1730011", "alert_name": "payment_refunded", "amount": "49.00", "gross_refund": "49.00",
             "tax_refund": "0.50", "fee_refund": "2.95", "earnings_decrease": "45.55", "email": "hal@example.com",
             "order_id": "1000003-1000003", "refund_type": "full", "passthrough": "internal-ref-77"})
del full["user_id"]
fixtures["payment_refunded.full"] = full
expected["payment_refunded.full"] = {"after": ["payment_succeeded"], "deliveries": [{"refund": {
    "email": "hal@example.com", "event_id": "paddle-classic-refund-1730011", "amount": "4850", "currency": "USD",
    "sale_event_id": "1000003-1000003", "created_at": "2025-11-26T16:00:00Z"}}]}
vat = dict(REFUND, alert_id="1730012", refund_type="vat", amount="4.75", gross_refund="4.75", tax_refund="4.75",
           fee_refund="0.00", earnings_decrease="0.00", refund_reason="VAT number provided")
fixtures["subscription_payment_refunded.vat"] = vat
expected["subscription_payment_refunded.vat"] = {"deliveries": [{"ignored": "a VAT-only refund gives back tax, not the sale"}]}

# 5. Cancellation, and an alert the mapping file does not route.
fixtures["subscription_cancelled"] = {
    "alert_id": "1730020", "alert_name": "subscription_cancelled", "cancellation_effective_date": "2025-12-24",
    "checkout_id": "7-b7c5e2a9c1b5d8f-1a2b3c4d5e", "currency": "USD", "email": "grete@example.com",
    "event_time": "2025-12-01 09:00:00", "marketing_consent": "0", "passthrough": '{"fp_tid":"tid_classic"}', "quantity": "1",
    "status": "deleted", "subscription_id": "502001", "subscription_plan_id": "12345", "unit_price": "25.00", "user_id": "600001"}
expected["subscription_cancelled"] = {"deliveries": [{"cancellation": {
    "email": "grete@example.com", "uid": "600001", "event_id": "502001", "created_at": "2025-12-01T09:00:00Z"}}]}
fixtures["subscription_created"] = {k: v for k, v in fixtures["subscription_cancelled"].items() if k != "cancellation_effective_date"}
fixtures["subscription_created"].update({"alert_id": "1730021", "alert_name": "subscription_created", "status": "active",
                                         "next_bill_date": "2025-12-24", "event_time": "2025-11-24 16:00:00"})
expected["subscription_created"] = {"deliveries": [{"ignored": "subscription_created is not routed"}]}

# 6. Money the payload does not state: a payment without payment_tax fails, naming it.
fixtures["subscription_payment_succeeded.without-tax"] = {k: v for k, v in SUBSCRIPTION_PAYMENT.items() if k != "payment_tax"}
fixtures["subscription_payment_succeeded.without-tax"]["alert_id"] = "1730005"
expected["subscription_payment_succeeded.without-tax"] = {"error": "payment_tax is missing"}

import json
for name, fields in fixtures.items():
    with open(os.path.join(OUT, f"{name}.form"), "w") as f:
        f.write(form(fields))
for name, expectation in expected.items():
    expectation.setdefault("fixture", name)
    with open(os.path.join(OUT, f"{name}.expected.json"), "w") as f:
        f.write(json.dumps(expectation, indent=2, sort_keys=True) + "\n")

# Signature vectors: the alerts as signed, and what must fail.
def pc(name, expect, body, keys=None, **extra):
    return vector(name, expect, {"PUBLIC_KEY": keys or [PUBLIC_PEM]}, {"Content-Type": "application/x-www-form-urlencoded"}, 0,
                  body=body, **extra)


payment = fixtures["subscription_payment_succeeded"]
signed = form(payment)
tampered = signed.replace("sale_gross=29.75", "sale_gross=2975.00")
assert tampered != signed
other_public = OTHER.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
vectors = [
    pc("subscription_payment_succeeded as signed", "valid", signed),
    pc("the key with its line breaks written as \\n", "valid", signed, keys=[PUBLIC_PEM.replace("\n", "\\n")]),
    pc("fields in another order: the signature covers the sorted fields", "valid",
       "&".join(sorted(signed.split("&"), reverse=True))),
    pc("a field changed after signing", "no_match", tampered),
    pc("signed with another vendor's key", "no_match", form(payment, OTHER)),
    pc("a field added after signing", "no_match", signed + "&coupon2=FREE"),
    pc("no p_signature", "missing", urllib.parse.urlencode(payment), error="missing p_signature field"),
    pc("p_signature not base64", "malformed", urllib.parse.urlencode(dict(payment, p_signature="%%%")), error="not base64"),
    pc("a configured key that is not a PEM public key", "not_configured", signed, keys=["not a key"],
       error="not PEM RSA public keys"),
]
write_vectors(OUT, vectors)
