import BridgeCore
import Foundation
import TestFixtures
import Testing

@Suite struct MappingFileTests {
    let parser = MappingFile(file: "mappings/stripe.yaml", schema: StripeMapper.schema)

    @Test func theShippedFileIsValidAndMeansTheDefaults() throws {
        let text = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("mappings/stripe.yaml"), encoding: .utf8)
        #expect(try parser.parse(text) == StripeMapper.schema.defaults)
    }

    @Test func anEmptyFileMeansTheDefaults() throws {
        #expect(try parser.parse("") == StripeMapper.schema.defaults)
        #expect(try parser.parse("# nothing\n") == StripeMapper.schema.defaults)
    }

    @Test func valuesAreRead() throws {
        let rules = try parser.parse(
            """
            events:
              sale: [invoice.paid]
              refund: []
            amount: {basis: amount_paid, zero: send}
            test_mode: accept
            referral: {tid: my_tid, ref_id: null, promo_code: none}
            plans:
              price_1: gold
            """)
        #expect(rules.events[.sale] == ["invoice.paid"])
        #expect(rules.events[.refund] == [])
        #expect(rules.events[.cancellation] == StripeMapper.schema.defaults.events[.cancellation])
        #expect(rules.amountBasis == "amount_paid")
        #expect(rules.zeroAmount == .send)
        #expect(rules.testMode == .accept)
        #expect(rules.tidKey == "my_tid")
        #expect(rules.refIDKey == nil)
        #expect(rules.promoCode == .none)
        #expect(rules.plan(for: "price_1") == "gold")
        #expect(rules.plan(for: "price_2") == "price_2")
        #expect(rules.action(forEventType: "charge.refunded") == nil)
    }

    @Test(arguments: [
        ("events:\n  sale: [invoice.paid]\namout:\n  basis: subtotal\n", 3, "amout", "unknown key"),
        ("amount:\n  basis: gross\n", 2, "amount.basis", "'gross' is not one of"),
        ("amount:\n  basis: subtotal\n  rounding: up\n", 3, "amount.rounding", "unknown key"),
        ("test_mode: maybe\n", 1, "test_mode", "'maybe' is not one of: ignore, accept"),
        ("events:\n  sale:\n    - invoice.paid\n    - invoice.created\n", 4, "events.sale", "'invoice.created' cannot become a sale"),
        ("events:\n  sale: [charge.refunded]\n", 2, "events.sale", "cannot become a sale"),
        ("events:\n  sale: invoice.paid\n", 2, "events.sale", "expected a list"),
        ("events:\n  refund: [charge.refunded]\n  chargeback: [charge.dispute.created]\n", 3, "events.chargeback", "unknown key"),
        ("plans: [a, b]\n", 1, "plans", "expected a table"),
        ("- just\n- a list\n", 1, nil, "expected a table of keys"),
    ] as [(String, Int, String?, String)])
    func badFilesNameFileLineAndKey(_ text: String, _ line: Int, _ key: String?, _ problem: String) {
        do {
            _ = try parser.parse(text)
            Issue.record("accepted:\n\(text)")
        } catch {
            #expect(error.file == "mappings/stripe.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.description.hasPrefix("mappings/stripe.yaml:\(line):"))
        }
    }

    @Test func invalidYAMLIsNamed() {
        #expect(throws: MappingFileError.self) { try parser.parse("events: [unclosed\n") }
    }
}
