import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Backfill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import past payments, refunds and cancellations from a provider's API, as its webhooks would have brought them.",
        discussion: """
            Reads the provider's API page by page (its key: {PROVIDER}_API_KEY; Braintree's merchant id and
            key pair) and stores each event as its webhook would have been stored: under the same id where
            the API keeps its events, else made of the object under an id of its own, the webhook's call
            being the one sent once. A second run over the same window imports nothing. The running service
            maps, holds, orders and delivers what was imported, at its paced rate. Stopped (or failed), it
            says where; run it again to go on. Built for: \(ProviderRegistry.all.filter { $0.listing != nil }.map(\.id.rawValue).joined(separator: ", ")).
            """)

    @OptionGroup var window: ListingOptions

    @Flag(help: "Print what would be imported and the FirstPromoter calls each event would make; store nothing.")
    var dryRun = false

    @Flag(help: "Name and leave out a page that does not decode (with the rest of its day) or an event without a readable id, instead of stopping.")
    var skipBad = false

    func run() async throws {
        let configuration = try Environment.configuration()
        let (definition, listing, window) = try self.window.resolve(configuration)
        let credentials = configuration.credentials[definition.id] ?? ProviderCredentials()
        let rules = try MappingRulesLoader.load(definition, from: configuration.mappingsDirectory).rules
        let eventTypes = ActionKind.routable.flatMap { rules.events[$0] ?? [] }
        let provider = definition.make(credentials)
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let inbox: (any BridgeStore)? = dryRun ? nil : try await OperatorStore.store()
        // A dry run says what is stored already when there is a store to ask.
        var compared: (any BridgeStore)?
        if dryRun {
            do {
                compared = try await OperatorStore.store()
            } catch {
                log("no store to compare with (\(error)): every event is shown as one to import")
            }
        }
        log("\(dryRun ? "dry run, nothing stored: " : "")\(definition.id) events from \(window.since.ISO8601Format()) to \(window.until.ISO8601Format()) (\(listing.api.name))")
        var run = BackfillRun(listing: listing, provider: provider, window: window, eventTypes: eventTypes, inbox: inbox)
        run.skipBad = skipBad
        run.comparedWith = compared
        do {
            let summary = try await run.run(progress: log) { listed in
                let envelope = listed.envelope
                let output = try await Map().output(
                    of: envelope, body: listed.body, headers: WebhookHeaders(listed.headers), provider: provider, rules: rules)
                print(
                    "\(envelope.id) \(envelope.type)\(envelope.occurredAt.map { " " + Shown.time($0.date) } ?? "")"
                        + (listed.alreadyStored ? " (already stored: not imported)" : ""))
                for call in output.calls {
                    print("  " + (call.ignored.map { "ignored: \($0)" } ?? "\(call.method ?? "POST") \(call.path ?? "") \(call.body ?? "")"))
                }
            }
            for skipped in summary.skipped { log("skipped: \(skipped)") }
            if dryRun {
                log(
                    "done: \(summary.pages) pages, \(summary.events) events"
                        + (compared == nil ? "" : ", \(summary.duplicates) of them already stored") + "; nothing stored")
            } else {
                log(
                    "done: \(summary.pages) pages, \(summary.events) events, \(summary.imported) imported, \(summary.duplicates) already stored"
                        + (summary.skipped.isEmpty ? "" : ", \(summary.skipped.count) left out (--skip-bad, above)"))
            }
        } catch let stopped as BackfillStopped {
            throw CommandFailure("\(stopped)")
        }
    }
}
