import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

/// What `backfill` and `reconcile` read: a provider's API over a window.
struct ListingOptions: ParsableArguments {
    @Argument(help: "The provider.")
    var provider: String

    @Option(help: "The window's start: 2026-11-01 (UTC) or 2026-11-01T08:00:00Z.")
    var since: String

    @Option(help: "The window's end, excluded (default: now).")
    var until: String?

    /// The provider's listing and the window, checked: `backfill` and `reconcile` share them.
    func resolve(_ configuration: BridgeConfiguration) throws -> (ProviderDefinition, any BackfillListing, BackfillWindow) {
        guard let definition = configuration.definition(for: ProviderID(rawValue: provider)) else {
            throw CommandFailure("unknown provider '\(provider)'; use one of \(configuration.definitions.map(\.id.rawValue).joined(separator: ", "))")
        }
        guard let makeListing = definition.listing else {
            let built = ProviderRegistry.all.filter { $0.listing != nil }.map(\.id.rawValue).joined(separator: ", ")
            throw CommandFailure("reading past events from \(definition.id)'s API is not built yet; it is for: \(built)")
        }
        guard let listing = makeListing(configuration.credentials[definition.id] ?? ProviderCredentials()) else {
            let names = definition.listingCredentials.map { definition.id.variable($0) }
            let needed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "") : names.joined()
            throw CommandFailure("set \(needed) to read \(definition.id)'s API (a restricted, read-only key is enough where the provider has one: see the README)")
        }
        let window: BackfillWindow
        do {
            window = try BackfillWindow(
                since: try Shown.date(since, option: "--since"), until: try until.map { try Shown.date($0, option: "--until") } ?? Date())
        } catch let error as PayloadError {
            throw CommandFailure("\(error)")
        }
        if let refusal = listing.refusal(of: window, now: Date()) { throw CommandFailure(refusal) }
        return (definition, listing, window)
    }
}
