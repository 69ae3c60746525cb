import BridgeCore
import Foundation
import TestFixtures
import Testing

@Suite struct MappingFileTests {
    let parser = MappingFile(file: "mappings/stripe.yaml", schema: StripeMapper.schema)

    /// Every registered provider ships a mapping file, and it says what the defaults say.
    @Test(arguments: ProviderRegistry.all.map(\.id.rawValue))
    func theShippedFileIsValidAndMeansTheDefaults(_ provider: String) throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: provider)))
        let text = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("mappings/\(definition.mappingFileName)"), encoding: .utf8)
        let parser = MappingFile(file: "mappings/\(definition.mappingFileName)", schema: definition.schema)
        #expect(try parser.parse(text) == definition.schema.defaults)
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
            referral: {tid: my_tid, ref_id: null, uid: my_uid, client_reference_id: ref_id, promo_code: none}
            signups: ignore
            holds: {payment_seconds: 5, refund_link_seconds: 3600}
            plans:
              price_1: gold
            """)
        #expect(rules.events[.sale] == ["invoice.paid"])
        #expect(rules.events[.refund] == [])
        #expect(rules.events[.cancellation] == StripeMapper.schema.defaults.events[.cancellation])
        #expect(rules.amountBasis.name == "amount_paid")
        #expect(rules.zeroAmount == .send)
        #expect(rules.testMode == .accept)
        #expect(rules.tidKey == "my_tid")
        #expect(rules.refIDKey == nil)
        #expect(rules.promoCode == .none)
        #expect(rules.uidKey == "my_uid")
        #expect(rules.clientReferenceID == .refID)
        #expect(rules.signups == .ignore)
        #expect(rules.holds == HoldRules(paymentSeconds: 5, refundLinkSeconds: 3600))
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
        ("events:\n  signup: [customer.created]\n", 2, "events.signup", "unknown key"),
        ("signups: maybe\n", 1, "signups", "'maybe' is not one of: send, ignore"),
        ("holds:\n  payment_seconds: -1\n", 2, "holds.payment_seconds", "not a whole number of seconds from 0 to 604800"),
        ("holds:\n  payment_seconds: 30s\n", 2, "holds.payment_seconds", "'30s' is not a whole number"),
        ("holds:\n  refund_link: 10\n", 2, "holds.refund_link", "unknown key"),
        ("referral:\n  client_reference_id: uid\n", 2, "referral.client_reference_id", "'uid' is not one of: tid, ref_id, none"),
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
