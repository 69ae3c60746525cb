import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Issue 13's findings in the pure path: every time bounded, every payload number checked, every
/// id kept whole or refused, every API path one segment per id, every form counted before it is
/// read. Each of these failed or trapped on the code before.
@Suite struct BoundedPayloadTests {
    // MARK: Times (finding 1)

    @Test func payloadTimesAreBoundedAndNameTheirField() throws {
        #expect(try PayloadTime(unixSeconds: 1_764_000_005, field: "created").milliseconds == 1_764_000_005_000)
        #expect(try PayloadTime(unixSeconds: 0, field: "created").date == Date(timeIntervalSince1970: 0))
        for seconds in [Int.max, Int.min, 9_300_000_000_000_000, 253_402_300_800] {
            #expect { try PayloadTime(unixSeconds: seconds, field: "created") } throws: { error in
                "\(error)".contains("created") && "\(error)".contains("\(seconds)")
            }
        }
        for millis in [Int64.max, Int64.min, PayloadTime.latestMilliseconds + 1] {
            #expect(throws: PayloadError.self) { try PayloadTime(unixMilliseconds: millis, field: "t") }
        }
        #expect(throws: PayloadError.self) { try PayloadTime(date: .distantFuture.addingTimeInterval(1e300), field: "t") }
        #expect(PayloadTime.rfc3339("2025-11-24T16:00:05Z")?.seconds == 1_764_000_005)
        #expect(PayloadTime.rfc3339("2025-11-24T16:00:05.250Z")?.milliseconds == 1_764_000_005_250)
        #expect(PayloadTime.rfc3339("not a time") == nil)
        #expect(try PayloadTime(unixMilliseconds: -1, field: "t").seconds == -1, "rounded down")
    }

    /// The envelope reads the time loosely (the event is stored once, with a 200); the mapper
    /// reads it strictly: the event fails naming the field. A double is no escape.
    @Test func aStripeEventWithAnExtremeCreatedIsStoredAndFailsNamingIt() throws {
        let provider = StripeProvider.definition.make(ProviderCredentials())
        for created in ["9223372036854775807", "-9223372036854775808", "9.3e15", "1e300", "\"soon\""] {
            let body = Array(#"{"id":"evt_1","type":"invoice.paid","created":\#(created),"data":{"object":{"id":"in_1"}}}"#.utf8)
            let envelope = try #require(try provider.envelopes(body: body, headers: WebhookHeaders()).first)
            #expect(envelope.id == "evt_1" && envelope.occurredAt == nil)
            #expect { try provider.map(ProviderEvent(body: body), rules: StripeMapper.schema.defaults) } throws: { error in
                "\(error)".contains("created")
            }
        }
    }

    // MARK: Arithmetic (finding 2)

    @Test func totalLessTaxThatDoesNotFitIsAnErrorNotATrap() throws {
        let body = try Fixtures.stripeEvent(
            "invoice.paid.basil-tax-discount", setting: ["total_excluding_tax": NSNull(), "total": Int.min, "tax": 1])
        let provider = StripeProvider.definition.make(ProviderCredentials())
        #expect { try provider.map(ProviderEvent(body: body), rules: StripeMapper.schema.defaults) } throws: { error in
            "\(error)".contains("does not fit")
        }
        #expect(MinorUnits.difference(Int.min, 1) == nil && MinorUnits.difference(5, 3) == 2)
    }

    @Test func aPeriodOfAnyLengthHasAnInterval() {
        for days in [Int.max, Int.max / 2, 3_652_501, 365, 30, 7, 1] {
            let (count, _) = MonthlyRecurringRevenue.interval(spanningDays: days)
            #expect(count >= 1)
        }
    }

    // MARK: Forms (finding 5)

    @Test func aFormIsCountedBeforeItIsDecodedAndOnlyTheFieldsAskedForAreRead() throws {
        let flood = Array(String(repeating: "a=1&", count: 100_000).utf8)
        let clock = ContinuousClock()
        let started = clock.now
        #expect { try FormBody(flood, only: ["bt_payload"]) } throws: { error in "\(error)".contains("more than \(FormBody.maxFields) fields") }
        #expect(clock.now - started < .seconds(1), "refused on a count, not a decode")
        // A field not asked for is skipped undecoded, even when it is no valid encoding.
        let form = try FormBody(Array("junk=%zz&bt_payload=abc%2B&bt_payload=second".utf8), only: ["bt_payload"])
        #expect(form.fields == ["bt_payload": "abc+"])
        #expect(throws: PayloadError.self) { try FormBody(Array("junk=%zz".utf8)) }
        #expect(throws: PayloadError.self) { try FormBody(Array("a=%2".utf8)) }
    }

    @Test func braintreeRefusesAFloodOfFieldsBeforeAnyHMAC() throws {
        let provider = BraintreeProvider.definition.make(
            ProviderCredentials(values: ["PUBLIC_KEY": ["integration_public_key"], "PRIVATE_KEY": ["integration_private_key"]]))
        var fields = (0..<100_000).map { "f\($0)=\($0)" }
        fields.append("bt_signature=integration_public_key%7C00&bt_payload=AAAA")
        let body = Array(fields.joined(separator: "&").utf8)
        #expect { try provider.verify(body: body, headers: WebhookHeaders(["Content-Type": "application/x-www-form-urlencoded"]), now: Date()) }
            throws: { error in "\(error)".contains("more than \(FormBody.maxFields) fields") }
    }

    // MARK: Ids (finding 6)

    @Test func idsThatBecomeKeysAreKeptWholeOrRefused() async throws {
        let body = try Fixtures.stripeEvent("invoice.paid.basil-tax-discount", setting: ["id": "in_X\u{0}one"])
        let provider = StripeProvider.definition.make(ProviderCredentials())
        let mapping = try provider.map(ProviderEvent(body: body), rules: StripeMapper.schema.defaults)
        await #expect { try await ActionResolver.standalone(mapping, receivedAt: Date(), holds: HoldRules()) } throws: { error in
            "\(error)".contains("control character") && "\(error)".contains("in_X\\0one")
        }
    }

    // MARK: API paths (finding 7)

    @Test func recurlyIDsAreOneEncodedPathSegment() throws {
        let provider = RecurlyProvider.definition.make(ProviderCredentials(values: ["WEBHOOK_SECRET": ["s"], "API_KEY": ["k"]]))
        let rules = RecurlyMapper.schema.defaults
        for (number, path) in [
            ("\"../../accounts/x\"", "/invoices/number-..%2F..%2Faccounts%2Fx"), ("\"1?limit=200\"", "/invoices/number-1%3Flimit%3D200"),
            ("1001", "/invoices/number-1001"),
        ] {
            let body = #"{"id":"e1","object_type":"charge_invoice","event_type":"paid","event_time":"2025-11-24T16:00:05Z","invoice_number":\#(number)}"#
            #expect(try provider.lookups(for: ProviderEvent(body: Array(body.utf8)), rules: rules) == [path])
        }
        // The API's own answer names the original transaction: encoded the same way.
        let refund = try Fixtures.bytes("recurly", "payment.refunded.json")
        var documents = try #require(try Fixtures.json("recurly", "payment.refunded.lookups.json") as? [String: Any])
        let first = "/transactions/uuid-63b068f7d409d4b4478dea4e6aba58ae"
        var transaction = try #require(documents[first] as? [String: Any])
        transaction["original_transaction_id"] = "../accounts/acct1?limit=200"
        documents[first] = transaction
        let event = ProviderEvent(body: refund, fetched: [first: Array(try JSONSerialization.data(withJSONObject: transaction))])
        #expect(try provider.lookups(for: event, rules: rules) == [first, "/transactions/..%2Faccounts%2Facct1%3Flimit%3D200"])
        for bad in ["", "..", ".", "a\u{0}b", String(repeating: "x", count: 300)] {
            #expect(throws: PayloadError.self) { try APIPath.under("/transactions", id: bad, field: "id") }
        }
    }
}
