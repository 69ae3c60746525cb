import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// For every provider: a payload that verifies but cannot be mapped is stored, answered 200,
/// marked failed with an error that names the field, and replayable after a fix.
@Suite struct UnmappablePayloadTests {
    static let cases: [(provider: String, contentType: String, body: String, field: String)] = [
        ("stripe", "application/json", #"{"id":"evt_x","type":"invoice.paid","livemode":true,"data":{"object":{"id":"in_x"}}}"#,
         "currency is missing"),
        ("paddle", "application/json",
         #"{"event_id":"evt_x","event_type":"transaction.completed","occurred_at":"2025-11-24T16:00:05Z","notification_id":"ntf_x","data":{"id":"txn_x"}}"#,
         "data.currency_code is missing"),
        ("lemonsqueezy", "application/json",
         #"{"meta":{"event_name":"order_created"},"data":{"id":"1","type":"orders","attributes":{"status":"paid"}}}"#,
         "data.attributes.currency is missing"),
        ("chargebee", "application/json", #"{"id":"ev_x","event_type":"payment_succeeded","occurred_at":1,"content":{}}"#,
         "content.transaction is missing"),
        ("braintree", "application/x-www-form-urlencoded",
         """
         <notification><timestamp type="datetime">2025-11-24T16:00:05Z</timestamp><kind>subscription_charged_successfully</kind>\
         <subject><subscription><id>sub_x</id><transactions type="array"><transaction><id>txn_x</id><status>settled</status>\
         <amount>49.99</amount></transaction></transactions></subscription></subject></notification>
         """, "currency_iso_code"),
        ("recurly", "application/xml",
         """
         <paid_charge_invoice_notification><account><account_code>acct_x</account_code></account><invoice><uuid>u1</uuid>\
         <invoice_number type="integer">7</invoice_number><currency>USD</currency></invoice></paid_charge_invoice_notification>
         """, "invoice.total_in_cents is missing"),
        ("razorpay", "application/json",
         #"{"entity":"event","event":"payment.captured","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_x","amount":100}}},"created_at":1}"#,
         "payload.payment.entity.currency is missing"),
        ("paystack", "application/json", #"{"event":"charge.success","data":{"reference":"T1","amount":100,"domain":"live"}}"#,
         "data.currency is missing"),
        ("polar", "application/json", #"{"type":"order.paid","timestamp":"2025-11-24T16:00:05Z","data":{"id":"o1","currency":"usd"}}"#,
         "data.total_amount is missing"),
        ("paddle-classic", "application/x-www-form-urlencoded",
         "alert_id=1&alert_name=payment_succeeded&order_id=9-9&sale_gross=10.00&payment_tax=0.00&email=a%40example.com",
         "currency"),
        ("fastspring", "application/json",
         #"{"events":[{"id":"e1","type":"order.completed","live":true,"data":{"id":"o1","currency":"USD","tax":0}}]}"#,
         "data.total is missing"),
        ("maxio", "application/x-www-form-urlencoded",
         "id=1&event=payment_success&payload[subscription][id]=7&payload[transaction][id]=8&payload[transaction][type]=Payment",
         "payload[transaction][amount_in_cents] is missing"),
    ]

    @Test func everyProviderHasACase() {
        #expect(Set(Self.cases.map(\.provider)) == Set(ProviderRegistry.all.map(\.id.rawValue)))
    }

    @Test(arguments: cases.indices)
    func aVerifiedPayloadThatCannotBeMappedIsKeptAndNamesTheField(_ index: Int) async throws {
        let (provider, contentType, body, field) = Self.cases[index]
        let harness = try await BridgeHarness()
        let basicAuth = provider == "recurly" ? "recurly:\(BridgeHarness.recurlyPassword)" : "chargebee:\(BridgeHarness.chargebeePassword)"
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let response = try await BridgeHarness.postSigned(
                client, provider: provider, body: Array(body.utf8), contentType: contentType, basicAuth: basicAuth)
            #expect(response.status == .ok, "\(provider): \(response.text)")
            try await BridgeHarness.eventually("\(provider)'s mapping failure is recorded") {
                try await !harness.store.events(in: .failed, limit: 1).isEmpty
            }
        }
        let failed = try #require(try await harness.store.events(in: .failed, limit: 1).first)
        #expect(failed.provider.rawValue == provider)
        #expect(failed.error?.contains(field) == true, "\(provider): \(failed.error ?? "no error")")
        #expect(try await harness.store.requeueForMapping(rows: nil) == 1)
    }
}
