import BridgeCore
import BridgeService
import Foundation
import TestFixtures
import Testing

/// A typo in BRIDGE_MAPPINGS_DIR or a missing file never silently means other rules: the start
/// stops and says where it looked, unless the built-in defaults are chosen by name.
@Suite struct MappingRulesLoaderTests {
    let stripe = ProviderRegistry.definition(for: "stripe")!

    @Test func aMissingFolderStopsTheStartNamingIt() throws {
        #expect {
            try MappingRulesLoader.load(stripe, from: "/no/such/mappings")
        } throws: { error in
            "\(error)".contains("/no/such/mappings") && "\(error)".contains("does not exist") && "\(error)".contains("builtin")
        }
    }

    @Test func aMountedProviderWithoutItsFileStopsTheStart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mappings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect {
            try MappingRulesLoader.load(stripe, from: folder.path)
        } throws: { error in
            "\(error)".contains("stripe.yaml") && "\(error)".contains("has no mapping file")
        }
    }

    @Test func theBuiltInDefaultsAreAChoiceThatSaysSo() throws {
        let loaded = try MappingRulesLoader.load(stripe, from: "builtin")
        #expect(loaded.source == "built-in defaults")
        #expect(loaded.rules == stripe.schema.defaults)
        let repository = try MappingRulesLoader.load(stripe, from: Fixtures.repository.appendingPathComponent("mappings").path)
        #expect(repository.source.hasSuffix("mappings/stripe.yaml"))
    }
}
