import BridgeCore
import Foundation
import TestFixtures
import Testing

/// What a declared file may say of a provider's bodies and signatures, each tried on a payload:
/// a form (paths are whole field names), XML (the root element's name first), a JSON batch (each
/// event with its own bytes), and the shared-token and Basic checks.
@Suite struct DeclaredBodiesTests {
    static func provider(_ text: String, credentials: ProviderCredentials = ProviderCredentials()) throws -> (any Provider, MappingRules) {
        var file = DeclaredProviderFile(name: "acme", file: "mappings/custom/acme.yaml")
        let spec = try file.parse(text)
        return (spec.definition.make(credentials), spec.rules)
    }

    /// A Maxio-style form body, its fields as Maxio names them (`payload[transaction][amount_in_cents]`).
    @Test func aFormsPathsAreWholeFieldNames() throws {
        let (provider, rules) = try Self.provider("""
            provider:
              body: form
              signature: {hmac: {header: X-Chargify-Webhook-Signature-Hmac-Sha-256}}
              event_type: event
              event_id: id
            events: {sale: [payment_success]}
            sale:
              event_id: payload[transaction][id]
              amount: payload[transaction][amount_in_cents]
              currency: {value: USD}
              email: payload[subscription][customer][email]
              customer_id: payload[subscription][customer][id]
              plan: payload[subscription][product][handle]
              created_at: payload[transaction][created_at]
            """, credentials: ProviderCredentials(values: ["WEBHOOK_SECRET": ["shared-key"]]))
        let body = Array(
            ("id=141765008&event=payment_success&payload[subscription][id]=15100141&payload[subscription][customer][id]=14585695"
                + "&payload[subscription][customer][email]=pookie999%40example.com&payload[subscription][product][handle]=basic"
                + "&payload[transaction][id]=161537369&payload[transaction][amount_in_cents]=6400"
                + "&payload[transaction][created_at]=2016-11-08%2016%3A22%3A20%20-0500").utf8)
        #expect(try provider.envelopes(body: body, headers: WebhookHeaders()).map(\.id) == ["141765008"])
        #expect(try provider.map(ProviderEvent(body: body), rules: rules).actions == [
            .sale(SaleParameters(
                email: "pookie999@example.com", uid: "14585695", eventID: "161537369", amount: 6400, plan: "basic", currency: "USD",
                createdAt: Date(timeIntervalSince1970: 1_478_640_140), customerID: "14585695"))
        ])
        // Signed as the file says: the hex HMAC-SHA256 of the raw body.
        let signature = HMACSignature.sha256Hex.sign(body, key: Array("shared-key".utf8))
        try provider.verify(body: body, headers: WebhookHeaders(["X-Chargify-Webhook-Signature-Hmac-Sha-256": signature]), now: Date())
        #expect(throws: VerificationError.self) {
            try provider.verify(body: body + [0x41], headers: WebhookHeaders(["X-Chargify-Webhook-Signature-Hmac-Sha-256": signature]), now: Date())
        }
    }

    /// Recurly's XML notification read through a declared file: the root element's name first.
    @Test func anXMLBodyIsReadFromItsRoot() throws {
        let (provider, rules) = try Self.provider("""
            provider:
              body: xml
              signature: basic
              event_type: {path: canceled_subscription_notification.subscription.state, table: {canceled: subscription.canceled}}
              event_id: "{canceled_subscription_notification.subscription.uuid}"
            events: {cancellation: [subscription.canceled]}
            cancellation:
              event_id: canceled_subscription_notification.subscription.uuid
              email: canceled_subscription_notification.account.email
              customer_id: canceled_subscription_notification.account.account_code
            """)
        #expect(provider.accepts == [.xml])
        let body = try Fixtures.bytes("recurly", "canceled_subscription_notification.xml")
        let envelope = try #require(try provider.envelopes(body: body, headers: WebhookHeaders()).first)
        #expect(envelope.id == "40b8f5e99df03b8684b99d4993b6e089" && envelope.type == "subscription.canceled")
        #expect(try provider.map(ProviderEvent(body: body), rules: rules).actions == [
            .cancellation(CancellationParameters(
                email: "ada@example.com", uid: "acct_ada", eventID: "40b8f5e99df03b8684b99d4993b6e089", customerID: "acct_ada"))
        ])
    }

    /// A batch: each event is cut from the request byte for byte and keyed by its own id.
    @Test func aBatchIsCutIntoItsEvents() throws {
        let (provider, _) = try Self.provider("""
            provider:
              signature: {hmac: {header: X-FS-Signature, encoding: base64}}
              event_type: type
              event_id: id
              event_time: created
              batch: events
            events: {}
            """)
        // FastSpring's batch of two.
        let request = try Fixtures.bytes("fastspring", "batch.first-purchase.json")
        let events = try provider.envelopes(body: request, headers: WebhookHeaders())
        #expect(events.map(\.id) == ["evt_FS1", "evt_FS11"])
        let one = try #require(events.first?.body)
        // Two events: two envelopes, each with exactly its own bytes.
        let batch = Array(#"{"events":["#.utf8) + one + [UInt8(ascii: ",")] + Array(#"{"id":"evt_2","type":"x","created":1}"#.utf8) + Array("]}".utf8)
        let both = try provider.envelopes(body: batch, headers: WebhookHeaders())
        #expect(both.map(\.id) == ["evt_FS1", "evt_2"])
        #expect(both.first?.body == one)
        #expect(throws: PayloadError.self) { try provider.envelopes(body: Array(#"{"other":[]}"#.utf8), headers: WebhookHeaders()) }
    }

    /// A shared token in a header, compared against every configured one.
    @Test func aTokenHeaderIsTheSecretItself() throws {
        let (provider, _) = try Self.provider("""
            provider:
              signature: {token: {header: X-Webhook-Token}}
              event_type: type
              event_id: id
            events: {}
            """, credentials: ProviderCredentials(values: ["WEBHOOK_SECRET": ["old-token", "new-token"]]))
        try provider.verify(body: [], headers: WebhookHeaders(["X-Webhook-Token": "new-token"]), now: Date())
        #expect(throws: VerificationError.wrongCredentials(header: "X-Webhook-Token")) {
            try provider.verify(body: [], headers: WebhookHeaders(["X-Webhook-Token": "new-tokeN"]), now: Date())
        }
        #expect(throws: VerificationError.missingHeader("X-Webhook-Token")) {
            try provider.verify(body: [], headers: WebhookHeaders(), now: Date())
        }
    }

    /// A signed string of a timestamp and the body, in `t=…,v1=…` pairs (Stripe's layout), with its tolerance.
    @Test func aSignedStringIsCheckedWithItsTolerance() throws {
        let (provider, _) = try Self.provider("""
            provider:
              signature:
                signed: {header: X-Sig, layout: pairs, timestamp: t, signature: v1, message: "{timestamp}.{body}", tolerance_seconds: 60}
              event_type: type
              event_id: id
            events: {}
            """, credentials: ProviderCredentials(values: ["WEBHOOK_SECRET": ["whsec_x"]]))
        let body = Array(#"{"id":"e","type":"t"}"#.utf8)
        let now = 1_700_000_000
        func header(_ t: Int) -> String { "t=\(t),v1=" + HMACSignature.sha256Hex.sign(Array("\(t).".utf8) + body, key: Array("whsec_x".utf8)) }
        try provider.verify(body: body, headers: WebhookHeaders(["X-Sig": header(now - 30)]), now: Date(timeIntervalSince1970: TimeInterval(now)))
        #expect(throws: VerificationError.timestampTooOld(ageSeconds: 120, toleranceSeconds: 60)) {
            try provider.verify(body: body, headers: WebhookHeaders(["X-Sig": header(now - 120)]), now: Date(timeIntervalSince1970: TimeInterval(now)))
        }
    }

    /// The date-time texts providers write besides RFC 3339, in one place.
    @Test func dateTextsBecomeRFC3339() {
        #expect(PayloadDateText.rfc3339("2025-11-24") == "2025-11-24T00:00:00Z")
        #expect(PayloadDateText.rfc3339("2025-11-24 16:00:00") == "2025-11-24T16:00:00Z")
        #expect(PayloadDateText.rfc3339("2016-11-08 16:22:20 -0500") == "2016-11-08T16:22:20-05:00")
        #expect(PayloadDateText.rfc3339("2025-11-24T16:00:00Z") == "2025-11-24T16:00:00Z")
        #expect(PayloadDateText.rfc3339("next tuesday at noon") == "next tuesday at noon")
    }
}
