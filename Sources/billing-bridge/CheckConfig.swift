import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration, mapping files and store; print every setting, secrets hidden.",
        discussion: "Exits 1 when something is wrong; warnings alone do not change the exit status.")

    @Flag(help: "Prove the FirstPromoter key and base URL with one harmless call (a cancellation naming no customer, which FirstPromoter refuses as incomplete).")
    var checkFirstpromoter = false

    /// `NAME=value`, a secret as how many values it holds, never the value.
    static func line(_ setting: Setting, _ environment: [String: String]) -> String {
        let set = environment[setting.variable].flatMap { $0.isEmpty ? nil : $0 }
        let shown = set.map { setting.isSecret ? "(set, \(max(1, $0.split(separator: ",").count)) value(s), hidden)" : $0 }
            ?? setting.defaultValue.map { "\($0) (default)" } ?? "(unset)"
        return "\(setting.variable)=\(shown)"
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var settings = BridgeConfiguration.settings
        for definition in ProviderRegistry.all {
            settings += BridgeConfiguration.settings(for: definition)
        }
        for setting in settings { print(Self.line(setting, environment)) }
        let configuration = try Environment.configuration()
        // Declared providers' variables, once their files have read.
        for definition in configuration.definitions where definition.declared {
            let what = definition.urlPath.hasPrefix("standard/") ? "Standard Webhooks endpoint" : "declared"
            print("provider \(definition.id): \(what) in \(configuration.mappingsDirectory)/\(definition.mappingFileName)")
            for setting in BridgeConfiguration.settings(for: definition) { print(Self.line(setting, environment)) }
        }
        let providers = try BridgeApplication.mountProviders(configuration)
        for warning in CredentialWarnings.warnings(in: environment, definitions: configuration.definitions) { print("warning: \(warning)") }
        for (id, provider) in providers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            print("provider \(id): mapping rules from \(provider.rulesSource)")
            let routed = ActionKind.routable.map { "\($0.rawValue): \(provider.rules.events[$0]?.joined(separator: ", ") ?? "-")" }
            print("provider \(id): mounted at /webhooks/\(configuration.definition(for: id)?.urlPath ?? id.rawValue); \(routed.joined(separator: "; "))")
            let rules = provider.rules
            print(
                "provider \(id): signups \(rules.signups.rawValue); holds: payments \(rules.holds.paymentSeconds) s, "
                    + "refund links \(rules.holds.refundLinkSeconds) s")
            let plans = rules.plans.isEmpty ? "as sent" : rules.plans.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
            print(
                "provider \(id): amount \(rules.amountBasis); zero amounts \(rules.zeroAmount.rawValue); test mode \(rules.testMode.rawValue); "
                    + "referral keys tid \(rules.tidKey ?? "-"), ref_id \(rules.refIDKey ?? "-"), uid \(rules.uidKey ?? "-"); "
                    + "promo code \(rules.promoCode.rawValue); plans \(plans)")
            // An optional secret left unset changes what is sent: said, not left to be noticed.
            let definition = configuration.definition(for: id)
            let mounting = Set(definition?.mountAlternatives.flatMap { $0 } ?? [])
            for credential in definition?.credentials ?? []
            where credential.kind == .secret && !mounting.contains(credential.name)
                && configuration.credentials[id]?.value(credential.name) == nil {
                print("provider \(id): \(id.variable(credential.name)) unset (\(credential.meaning))")
            }
            if let api = provider.provider.api {
                let role = api.optional ? "optional: documents it refuses for good are done without" : "events wait for it while it is down"
                print("provider \(id): fetches from \(api.name) at \(api.baseURL) (\(role))")
            }
        }
        for definition in configuration.definitions where providers[definition.id] == nil {
            let partly = definition.credentials.contains { environment[definition.id.variable($0.name)].map { !$0.isEmpty } ?? false }
            print(
                "\(partly ? "warning: " : "")provider \(definition.id): not mounted (/webhooks/\(definition.urlPath) answers 404); "
                    + "it needs \(definition.mountingRequirement)")
        }
        if providers.isEmpty { print("warning: no provider has a webhook secret; every /webhooks/ URL answers 404") }
        // A check leaves nothing behind: an existing database is tried with a write, a missing one
        // only through its folder (the service creates the file when it first starts).
        let location = try configuration.database()
        switch location {
        case .sqlite(let path) where !FileManager.default.fileExists(atPath: path):
            print("store: \(location) does not exist yet; serve creates it (\(try StoreFolder.check(for: path)))")
        case .sqlite, .postgres:
            let store = try await BridgeApplication.openExistingStore(configuration)
            try await store.checkWritable()
            try await store.close()
            print("store: \(location) is writable")
        }
        print(configuration.firstPromoter.apiKey == nil ? "forwarding: dry run (no FIRSTPROMOTER_API_KEY)" : "forwarding: to \(configuration.firstPromoter.baseURL)")
        if checkFirstpromoter { try await probeFirstPromoter(configuration.firstPromoter) }
    }

    func probeFirstPromoter(_ settings: BridgeConfiguration.FirstPromoterSettings) async throws {
        guard let key = settings.apiKey else { throw CommandFailure("--check-firstpromoter needs FIRSTPROMOTER_API_KEY") }
        let client = FirstPromoterClient(
            baseURL: settings.baseURL, apiKey: key, version: settings.version, accountID: settings.accountID,
            timeoutSeconds: settings.timeoutSeconds)
        let verdict = await FirstPromoterProbe.run(client)
        print("firstpromoter: \(verdict.description)")
        if !verdict.works { throw ExitCode(1) }
    }
}
