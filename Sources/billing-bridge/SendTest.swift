import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct SendTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Sign a sample webhook (or FILE) with the configured credentials and post it to a running bridge.",
        discussion: """
            The operator's end-to-end check after a deploy, as `stripe trigger` is for Stripe. Each sample is an \
            event that makes no FirstPromoter call (a test-mode event or a new customer): the answer and `show` \
            prove the signature, the storage and the mapping, and nothing is tracked. Exits 1 unless it was stored.
            """)

    @Argument(help: "A provider: \(ProviderRegistry.all.map(\.id.rawValue).joined(separator: ", ")), or one declared in mappings/custom/ (which needs FILE).")
    var provider: String

    @Argument(help: "A payload to sign and send instead of the sample (Braintree: the notification's XML).")
    var file: String?

    @Option(help: "The bridge's base URL (default: http://127.0.0.1:BRIDGE_PORT).")
    var url: String?

    func run() async throws {
        let configuration = try Environment.configuration()
        guard let definition = configuration.definition(for: ProviderID(rawValue: provider)) else {
            throw CommandFailure("no provider '\(provider)'; use one of \(configuration.definitions.map(\.id.rawValue).joined(separator: ", "))")
        }
        guard let settings = configuration.providers.first(where: { $0.definition.id == definition.id }) else {
            throw CommandFailure("\(provider) is not configured here: it needs \(definition.mountingRequirement)")
        }
        let payload = try file.map { path -> [UInt8] in
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
            return Array(data)
        }
        let unique = String(Int(Date().timeIntervalSince1970 * 1000))
        guard let maker = definition.testWebhook else {
            throw CommandFailure(
                "send-test cannot sign for \(provider): it signs with a private key the bridge never holds; send a test from the provider's dashboard")
        }
        let webhook = try maker(settings.credentials, payload, unique, Date())
        let base = url ?? "http://127.0.0.1:\(configuration.port)"
        let answer: (status: Int, body: String)
        do {
            answer = try await TestWebhookSender.post(webhook, path: definition.urlPath, to: base)
        } catch {
            throw CommandFailure("no answer from \(base): \(error) (is the bridge running? --url names it)")
        }
        print("POST \(base)/webhooks/\(definition.urlPath): HTTP \(answer.status) \(answer.body)")
        guard answer.status == 200 else { throw ExitCode(1) }
        // A JSON answer names the event; FastSpring's lists the ids taken, one per line.
        let id = answer.body.firstMatch(of: /"event_id":"([^"]+)"/).map { String($0.1) }
            ?? (answer.body.hasPrefix("{") ? nil : answer.body.split(separator: "\n").first.map(String.init))
        if let id { print("see what it became: billing-bridge show '\(id)'") }
    }
}
