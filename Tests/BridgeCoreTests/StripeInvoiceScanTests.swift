import Foundation
import TestFixtures
import Testing

@testable import BridgeCore

/// Invoice events are read for their sale by the scanner, not the decoder: every real invoice must
/// be read exactly as the decoder reads it, and anything unusual left to the decoder.
@Suite struct StripeInvoiceScanTests {
    static let invoiceFixtures = StripeEnvelopeScanTests.fixtures.filter { $0.hasPrefix("invoice.") }

    @Test func everyInvoiceFixtureIsScannedAsTheDecoderReadsIt() throws {
        #expect(Self.invoiceFixtures.count >= 10)
        for name in Self.invoiceFixtures {
            let body = try Fixtures.bytes("stripe", name)
            let scanned = StripeInvoiceScan.event(body)
            #expect(scanned != nil, "\(name) went the slow way")
            #expect(scanned == (try StripeMapper.reader.decode(StripeEvent<StripeInvoice>.self, from: body)), "\(name)")
            // The mapper's head comes from the same pass.
            let head = StripeInvoiceScan.scan(body).flatMap(StripeEventHead.scanned(top:))
            let decodedHead = try StripeEventHead.decoded(body)
            #expect(head != nil && head == decodedHead, "\(name)")
        }
    }

    /// Other events are not invoices: the scan either leaves them to the decoder or agrees with it.
    @Test func everyOtherFixtureIsLeftOrAgreedOn() throws {
        for name in StripeEnvelopeScanTests.fixtures {
            #expect(StripeInvoiceScan.disagreement(on: try Fixtures.bytes("stripe", name)) == nil, "\(name)")
        }
    }

    /// Both shapes of every field the decoder reads two ways (an id or an expanded object, a
    /// discount id or an expanded discount), nulls, maps and both API versions' fields.
    @Test func everyFieldIsReadAsTheDecoderReadsIt() throws {
        let text = #"""
            {"id":"evt_1","type":"invoice.paid","created":1764086400,"livemode":null,"api_version":"2025-03-31.basil",
             "data":{"previous_attributes":{"amount_refunded":null},"object":{
              "id":"in_1","object":"invoice","currency":"eur","customer":{"id":"cus_1","email":"x@example.com"},"customer_email":null,
              "amount_paid":1190,"total":1190,"total_excluding_tax":1000,"subtotal":1100,"subtotal_excluding_tax":null,"tax":190,
              "total_taxes":[{"amount":190,"tax_behavior":"exclusive"}],"total_tax_amounts":[],"livemode":true,
              "metadata":{"fp_tid":"abc","plan":"pro"},"subscription":"sub_1","subscription_details":{"subscription":{"id":"sub_1"},"metadata":{}},
              "payment_intent":null,"charge":"ch_1","discount":{"coupon":{"id":"co_1","percent_off":10}},
              "parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_1","metadata":{"a":"b"}}},
              "discounts":["di_1",{"id":"di_2","coupon":{"id":"co_2"}},{"id":"di_3","source":{"coupon":"co_3"}},{"id":"di_4"}],
              "lines":{"object":"list","data":[
                {"amount":1000,"quantity":2,"period":{"start":1764086400,"end":"2026-12-25T16:00:00Z"},"proration":false,"type":"subscription",
                 "price":{"id":"price_1","unit_amount":500,"currency":"eur","recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"}},
                 "plan":{"id":"plan_1","amount":500,"interval":"month","interval_count":null},"subscription":{"id":"sub_1"},
                 "pricing":{"price_details":{"price":"price_1","product":"prod_1"}},
                 "parent":{"type":"subscription_item_details","subscription_item_details":{"subscription":"sub_1","proration":true}}},
                {"amount":-100,"pricing":null,"parent":null,"price":null}],"has_more":false},
              "status_transitions":{"paid_at":1764086401,"finalized_at":null}}}}
            """#
        let body = Array(text.utf8)
        let scanned = try #require(StripeInvoiceScan.event(body))
        #expect(scanned == (try StripeMapper.reader.decode(StripeEvent<StripeInvoice>.self, from: body)))
        #expect(scanned.data.object.discounts?.map(\.couponID) == [nil, "co_2", "co_3", nil])
        #expect(scanned.data.object.lines?.data.count == 2)
    }

    /// What the decoder refuses or reads in its own way: the scan leaves it, and the mapper's
    /// answer is the decoder's.
    @Test(arguments: [
        #""amount_paid":"1190""#,  // a string, not an integer
        #""amount_paid":1190.0"#,  // not a plain integer
        #""amount_paid":99999999999999999999"#,  // past Int
        #""currency":null"#,  // required
        #""currency":"e\u0075r""#,  // an escape
        #""metadata":{"n":1}"#,  // a map of strings only
        #""customer":{"email":"x@example.com"}"#,  // an expanded object without its id
        #""customer":7"#,
        #""discounts":[null]"#,
        #""discounts":[7]"#,
        #""total_taxes":[{"amount":null}]"#,
        #""lines":{"object":"list"}"#,  // a list without data
        #""lines":{"data":[{"period":{"start":1}}]}"#,  // a period without its end
        #""lines":{"data":[{"period":{"start":1,"end":999999999999999}}]}"#,  // out of range
        #""status_transitions":{"paid_at":"yesterday"}"#,
        #""parent":[]"#,
    ])
    func unusualInvoicesGoToTheDecoder(_ field: String) throws {
        let currency = field.contains(#""currency""#) ? "" : #","currency":"usd""#
        let body = Array(#"{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_1","#.utf8) + Array((field + currency).utf8)
            + Array("}}}".utf8)
        #expect(StripeInvoiceScan.event(body) == nil, "\(field)")
        #expect(StripeInvoiceScan.disagreement(on: body) == nil)
    }
}
