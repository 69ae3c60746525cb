import BridgeCore
import Foundation
import TestFixtures
import Testing

/// The amount basis is each provider's own enum, checked when the mapping file loads; a mapper
/// never falls back to a default for a name it does not know.
struct AmountBasisTests {
    @Test(arguments: ProviderRegistry.all.map(\.id))
    func everyProvidersDefaultIsOneOfItsChoices(_ id: ProviderID) throws {
        let schema = try #require(ProviderRegistry.definition(for: id)).schema
        #expect(schema.amountBases.contains(schema.defaults.amountBasis.name), "\(id): \(schema.defaults.amountBasis)")
        #expect(try schema.amountBasis(named: schema.defaults.amountBasis.name) == schema.defaults.amountBasis)
    }

    @Test func aNameNotAmongTheChoicesIsRefusedNamingThem() throws {
        let error = try #require(throws: AmountBasisMismatch.self) { try PaddleMapper.schema.amountBasis(named: "paid_excluding_tax") }
        #expect(error.description.contains("'paid_excluding_tax'"))
        #expect(error.description.contains("total_excluding_tax, earnings, subtotal, grand_total"))
    }

    @Test func aMappingFileNamingAnotherProvidersBasisStopsTheLoad() throws {
        let error = try #require(throws: MappingFileError.self) {
            try MappingFile(file: "mappings/paddle.yaml", schema: PaddleMapper.schema).parse("amount:\n  basis: paid_excluding_tax\n")
        }
        #expect(error.description.contains("amount.basis"))
    }

    /// Rules built for another provider reach a mapper: the event fails naming the basis, where
    /// the mapper used to send its own default amount.
    @Test func aMapperGivenAnotherProvidersBasisFailsInsteadOfDefaulting() throws {
        var rules = PaddleMapper.schema.defaults
        rules.amountBasis = try StripeMapper.schema.amountBasis(named: "paid_excluding_tax")
        let body = try Fixtures.bytes("paddle", "transaction.completed.subscription.json")
        let error = try #require(throws: AmountBasisMismatch.self) { try PaddleMapper().map(body, rules: rules) }
        #expect(error.name == "paid_excluding_tax")
    }
}
