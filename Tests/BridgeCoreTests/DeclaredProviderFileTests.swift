import BridgeCore
import Foundation
import Testing

/// A declared provider's file is read strictly: each mistake stops the start naming the file, the
/// line and the key; a good file means what it says.
@Suite struct DeclaredProviderFileTests {
    static let valid = """
        provider:
          body: json
          signature:
            hmac: {header: X-Acme-Signature, algorithm: sha256, encoding: hex}
          event_type: type
          event_id: id
        events:
          sale: [payment.succeeded]
        sale:
          event_id: data.id
          amount: {path: data.total, unit: major, minus: [data.tax]}
          currency: {path: data.currency, case: upper}
          email: data.customer.email
        """

    static func parse(_ text: String) throws(MappingFileError) -> DeclaredProviderSpec {
        var file = DeclaredProviderFile(name: "acme", file: "mappings/custom/acme.yaml")
        return try file.parse(text)
    }

    @Test func aValidFileMeansWhatItSays() throws {
        let spec = try Self.parse(Self.valid)
        #expect(spec.id == "acme")
        #expect(spec.verification == .bodyHMAC(header: "X-Acme-Signature", signature: .sha256Hex))
        #expect(spec.rules.events[.sale] == ["payment.succeeded"])
        #expect(spec.definition.credentials.map(\.name) == ["WEBHOOK_SECRET"])
        #expect(spec.definition.mappingFileName == "custom/acme.yaml")
        // Major units less tax, by the currency, upper-cased first.
        let body = Array(#"{"type":"payment.succeeded","id":"evt_1","data":{"id":"pay_1","total":"49.99","tax":"4.54","currency":"usd","customer":{"email":"a@example.com"}}}"#.utf8)
        let provider = spec.definition.make(ProviderCredentials())
        #expect(try provider.envelopes(body: body, headers: WebhookHeaders()).map(\.id) == ["evt_1"])
        let mapping = try provider.map(ProviderEvent(body: body), rules: spec.rules)
        #expect(mapping.actions == [.sale(SaleParameters(email: "a@example.com", eventID: "pay_1", amount: 4545, currency: "USD"))])
    }

    /// (what is wrong, the file with it, the line, the key, words of the problem)
    static let mistakes: [(String, String, Int, String, String)] = [
        ("unknown key", valid.replacingOccurrences(of: "  body: json", with: "  bodi: json"), 2, "provider.bodi", "unknown key"),
        ("no signature", valid.replacingOccurrences(of: "  signature:\n    hmac: {header: X-Acme-Signature, algorithm: sha256, encoding: hex}\n", with: ""), 2, "provider.signature", "is missing"),
        ("two schemes", valid.replacingOccurrences(of: "    hmac:", with: "    basic: {}\n    hmac:"), 4, "provider.signature", "exactly one"),
        ("bad algorithm", valid.replacingOccurrences(of: "algorithm: sha256", with: "algorithm: md5"), 4, "provider.signature.hmac.algorithm", "'md5' is not one of"),
        ("bad path", valid.replacingOccurrences(of: "event_id: data.id", with: "event_id: data..id"), 10, "sale.event_id", "is not a path"),
        ("unclosed template", valid.replacingOccurrences(of: "  event_id: id", with: "  event_id: \"{id\""), 6, "provider.event_id", "'{' is not closed"),
        ("routed without a section", valid.replacingOccurrences(of: "  sale: [payment.succeeded]", with: "  sale: [payment.succeeded]\n  refund: [payment.refunded]"), 8, "events.refund", "no refund: section"),
        ("sale without amount", valid.replacingOccurrences(of: "  amount: {path: data.total, unit: major, minus: [data.tax]}\n", with: ""), 10, "sale.amount", "is missing"),
        ("bad unit", valid.replacingOccurrences(of: "unit: major", with: "unit: cents"), 11, "sale.amount.unit", "'cents' is not one of"),
        ("unknown value key", valid.replacingOccurrences(of: "case: upper", with: "casing: upper"), 12, "sale.currency.casing", "unknown key"),
        ("a batch of a form", valid.replacingOccurrences(of: "  body: json", with: "  body: form\n  batch: events"), 3, "provider.batch", "JSON body"),
        ("signed without message", valid.replacingOccurrences(of: "hmac: {header: X-Acme-Signature, algorithm: sha256, encoding: hex}", with: "signed: {header: X-Sig, layout: timestamp_first}"), 4, "provider.signature.signed.message", "is missing"),
    ]

    @Test(arguments: mistakes)
    func aMistakeNamesFileLineAndKey(_ what: String, _ text: String, _ line: Int, _ key: String, _ words: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("\(what): read without an error")
        } catch {
            #expect(error.file == "mappings/custom/acme.yaml", "\(what)")
            #expect(error.line == line, "\(what): \(error)")
            #expect(error.key == key, "\(what): \(error)")
            #expect(error.problem.contains(words), "\(what): \(error)")
        }
    }

    @Test func aNameMustBeAProviderName() {
        var file = DeclaredProviderFile(name: "Acme_Pay", file: "mappings/custom/Acme_Pay.yaml")
        #expect(throws: MappingFileError.self) { try file.parse(Self.valid) }
    }

    /// A value the payload lacks fails naming where it looked; an optional one is left out; a table
    /// maps a value or fails naming it.
    @Test func valuesAreReadOrNamed() throws {
        let text = Self.valid + """

              plan: {path: data.plan, optional: true, table: {gold: gold-monthly, trial: null}}
            """
        let spec = try Self.parse(text)
        let provider = spec.definition.make(ProviderCredentials())
        func map(_ json: String) throws -> Mapping { try provider.map(ProviderEvent(body: Array(json.utf8)), rules: spec.rules) }
        #expect(throws: PayloadError("acme event: data.tax is missing (sale.amount.minus)")) {
            try map(#"{"type":"payment.succeeded","data":{"id":"p","total":"1.00","currency":"usd","customer":{"email":"a@b.c"}}}"#)
        }
        let gold = try map(#"{"type":"payment.succeeded","data":{"id":"p","total":"1.00","tax":"0","currency":"usd","plan":"gold","customer":{"email":"a@b.c"}}}"#)
        #expect(gold.actions == [.sale(SaleParameters(email: "a@b.c", eventID: "p", amount: 100, plan: "gold-monthly", currency: "USD"))])
        let trial = try map(#"{"type":"payment.succeeded","data":{"id":"p","total":"1.00","tax":"0","currency":"usd","plan":"trial","customer":{"email":"a@b.c"}}}"#)
        #expect(trial.actions == [.sale(SaleParameters(email: "a@b.c", eventID: "p", amount: 100, currency: "USD"))])
        #expect(throws: PayloadError("acme event: data.plan 'silver' is not one of gold, trial (sale.plan)")) {
            try map(#"{"type":"payment.succeeded","data":{"id":"p","total":"1.00","tax":"0","currency":"usd","plan":"silver","customer":{"email":"a@b.c"}}}"#)
        }
        // An amount that is not a number is named, never read as 0.
        #expect(throws: PayloadError.self) {
            try map(#"{"type":"payment.succeeded","data":{"id":"p","total":"lots","tax":"0","currency":"usd","customer":{"email":"a@b.c"}}}"#)
        }
    }
}
