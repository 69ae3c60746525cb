import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Each `Tests/Fixtures/stripe/*.expected.json` beside its payload: the FirstPromoter calls the
/// payload must become, after the events it lists under `after` have taught the bridge's memory.
@Suite struct StripeMapperFixtureTests {
    let mapper = StripeMapper()

    /// When the fixtures' events arrive: their `created` is 2025-11-24T16:00:05Z.
    static let arrival = ProviderFixtureTests.arrival

    /// Resolved with this memory, every hold run out.
    func resolve(_ mapping: Mapping, memory: InMemoryBridgeMemory = InMemoryBridgeMemory()) async throws -> [PlannedDelivery] {
        let resolution = try await ActionResolver(
            memory: memory, clock: .lapsed(receivedAt: Self.arrival), holds: StripeMapper.schema.defaults.holds
        ).resolve(mapping)
        guard case .decided(let planned, _) = resolution else { throw PayloadError("still waits: \(resolution)") }
        return planned
    }

    @Test func bothInvoiceEventsGiveTheSameSale() async throws {
        let rules = StripeMapper.schema.defaults
        let paid = try mapper.map(try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json"), rules: rules)
        let succeeded = try mapper.map(
            try Fixtures.bytes("stripe", "invoice.payment_succeeded.basil-tax-discount.json"), rules: rules)
        #expect(paid == succeeded)
    }

    @Test func envelopeReadsIdTypeAndTime() throws {
        let envelope = try mapper.envelope(of: try Fixtures.bytes("stripe", "charge.refunded.acacia-partial.json"))
        #expect(envelope == EventEnvelope(id: "evt_1RefundPart", type: "charge.refunded", occurredAt: try PayloadTime(unixSeconds: 1_764_000_005, field: "created")))
    }

    @Test func undecodableBodiesNameWhatIsWrong() throws {
        #expect(throws: PayloadError.self) { try mapper.envelope(of: Array("not json".utf8)) }
        do {
            _ = try mapper.envelope(of: Array(#"{"type":"invoice.paid"}"#.utf8))
            Issue.record("decoded an event without id")
        } catch let error as PayloadError {
            #expect(error.description.contains("id is missing"), "\(error)")
        }
        let noCurrency = Array(#"{"id":"evt_1","type":"invoice.paid","livemode":true,"data":{"object":{"id":"in_1"}}}"#.utf8)
        do {
            _ = try mapper.map(noCurrency, rules: StripeMapper.schema.defaults)
            Issue.record("mapped an invoice without currency")
        } catch let error as PayloadError {
            #expect(error.description.contains("currency is missing"), "\(error)")
        }
    }

    @Test func testModeAcceptedWhenTheMappingFileSaysSo() async throws {
        var rules = StripeMapper.schema.defaults
        rules.testMode = .accept
        let mapping = try mapper.map(try Fixtures.bytes("stripe", "invoice.paid.test-mode.json"), rules: rules)
        guard case .sale(let sale) = try #require(mapping.actions.first) else { Issue.record("\(mapping)"); return }
        #expect(sale.amount == 2000)
    }

    @Test func zeroAmountSentWhenTheMappingFileSaysSo() throws {
        var rules = StripeMapper.schema.defaults
        rules.zeroAmount = .send
        let mapping = try mapper.map(try Fixtures.bytes("stripe", "invoice.paid.zero-amount.json"), rules: rules)
        guard case .sale(let sale) = try #require(mapping.actions.first) else { Issue.record("\(mapping)"); return }
        #expect(sale.amount == 0)
    }

    @Test(arguments: [
        ("paid_excluding_tax", 8000), ("total_excluding_tax", 8000), ("subtotal", 10000), ("amount_paid", 9600),
    ])
    func amountBasis(_ basis: String, _ amount: Int) throws {
        var rules = StripeMapper.schema.defaults
        rules.amountBasis = try StripeMapper.schema.amountBasis(named: basis)
        let mapping = try mapper.map(try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json"), rules: rules)
        guard case .sale(let sale) = try #require(mapping.actions.first) else { Issue.record("\(mapping)"); return }
        #expect(sale.amount == amount)
    }

    @Test func referralKeysComeFromTheMappingFile() throws {
        var rules = StripeMapper.schema.defaults
        rules.tidKey = "plan_tier"
        rules.refIDKey = nil
        rules.promoCode = .none
        let mapping = try mapper.map(try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json"), rules: rules)
        guard case .sale(let sale) = try #require(mapping.actions.first) else { Issue.record("\(mapping)"); return }
        #expect(sale.tid == "pro")
        #expect(sale.refID == nil)
    }

    @Test func aRefundThatDidNotGrowIsIgnored() async throws {
        var memory = InMemoryBridgeMemory()
        try memory.apply([.refundedTotal(paymentID: "ch_1AcaciaYear", total: 211200)])
        let mapping = try mapper.map(
            try Fixtures.bytes("stripe", "charge.refunded.acacia-rest.json"), rules: StripeMapper.schema.defaults)
        let planned = try await resolve(mapping, memory: memory)
        guard case .ignored(let reason) = try #require(planned.first) else { Issue.record("\(planned)"); return }
        #expect(reason.contains("nothing new to refund"))
    }

    @Test func aRefundWhoseSaleIsUnknownSaysSo() async throws {
        let mapping = try mapper.map(
            try Fixtures.bytes("stripe", "charge.refunded.basil-linked.json"), rules: StripeMapper.schema.defaults)
        let planned = try await resolve(mapping)
        guard case .call(let call) = try #require(planned.first) else { Issue.record("\(planned)"); return }
        #expect(call.value(of: "sale_event_id") == nil)
        #expect(call.note?.contains("payment_intent pi_1BasilTax") == true)
    }
}
