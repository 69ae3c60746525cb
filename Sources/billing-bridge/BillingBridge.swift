import ArgumentParser

@main
struct BillingBridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing-bridge",
        abstract: "Billing-provider webhooks in, FirstPromoter sales, refunds and cancellations out.",
        discussion: "Configuration comes from environment variables: `billing-bridge check-config` lists them.",
        subcommands: [Serve.self, Map.self, Deliveries.self, Replay.self, CheckConfig.self],
        defaultSubcommand: Serve.self
    )
}
