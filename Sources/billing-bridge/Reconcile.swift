import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what a provider's API has that the bridge never stored, and what it stored but never delivered.",
        discussion: """
            Missed webhooks are read from the provider's API as `backfill` reads them, each shown with the
            FirstPromoter call it would make on its own; failed events and held or dead calls come from the
            store: those received or queued since --since. Totals by kind, call and currency end the table.
            With --import, the missing events are stored as `backfill` stores them, and the running service
            delivers them.
            """)

    @OptionGroup var window: ListingOptions

    @Flag(name: .customLong("import"), help: "Store the missing events, as backfill does.")
    var importing = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let configuration = try Environment.configuration()
        let (definition, listing, window) = try self.window.resolve(configuration)
        let rules = try MappingRulesLoader.load(definition, from: configuration.mappingsDirectory).rules
        let store = try await OperatorStore.store()
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let reconciliation = Reconciliation(
            listing: listing, provider: definition.make(configuration.credentials[definition.id] ?? ProviderCredentials()), rules: rules,
            window: window, store: store)
        let report: Reconciliation.Report
        do {
            report = try await reconciliation.run(importing: importing, progress: { _ in })
        } catch let stopped as BackfillStopped {
            throw CommandFailure("\(stopped)".replacingOccurrences(of: "; run the same command again to go on", with: ""))
        }
        if json {
            print(try Shown.json(ReconcileOutput(report)))
        } else {
            print(Self.table(report))
        }
        log(
            "\(definition.id) from \(window.since.ISO8601Format()) to \(window.until.ISO8601Format()): \(report.listed) events listed, "
                + "\(report.missing) missing, \(report.undelivered) stored but not delivered"
                + (importing ? "; \(report.imported) imported" : ""))
    }

    static func table(_ report: Reconciliation.Report) -> String {
        var findings = Table(header: ["KIND", "EVENT_ID", "TYPE", "TIME", "CALL", "AMOUNT", "CUR", "NOTE"])
        for finding in report.findings {
            findings.add([
                finding.kind, finding.eventID, finding.type, finding.at.map(Shown.time) ?? "-", finding.action ?? "-",
                finding.amount.map(String.init) ?? "-", finding.currency ?? "-", finding.note ?? "",
            ])
        }
        var totals = Table(header: ["KIND", "CALL", "COUNT", "AMOUNTS"])
        for line in report.tally.lines {
            let amounts = line.amounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                + line.overflowed.sorted().map { "\($0) too large to sum" }
            totals.add([line.kind, line.action, String(line.count), amounts.joined(separator: ", ")])
        }
        guard !report.findings.isEmpty else { return "nothing missing, nothing undelivered" }
        return findings.render() + "\n\n" + totals.render()
    }
}

/// What `reconcile --json` prints.
struct ReconcileOutput: Encodable {
    struct Total: Encodable {
        var kind: String
        var action: String
        var count: Int
        var amounts: [String: Int]
        var overflowed: [String]
    }

    var provider: String
    var since: Date
    var until: Date
    var listed: Int
    var imported: Int
    var findings: [Reconciliation.Finding]
    var totals: [Total]

    init(_ report: Reconciliation.Report) {
        provider = report.provider.rawValue
        since = report.window.since
        until = report.window.until
        listed = report.listed
        imported = report.imported
        findings = report.findings
        totals = report.tally.lines.map { Total(kind: $0.kind, action: $0.action, count: $0.count, amounts: $0.amounts, overflowed: $0.overflowed.sorted()) }
    }
}
