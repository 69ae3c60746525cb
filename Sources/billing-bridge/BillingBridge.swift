import ArgumentParser

@main
struct BillingBridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing-bridge",
        abstract: "Billing-provider webhooks in, FirstPromoter sales, refunds and cancellations out.",
        discussion: "Configuration comes from environment variables: `billing-bridge check-config` lists them.",
        subcommands: [
            Serve.self, Map.self, Summary.self, Events.self, Deliveries.self, Show.self, Replay.self, Remap.self, SendTest.self, CheckConfig.self, MigrateStore.self, Backfill.self, Reconcile.self,
        ],
        defaultSubcommand: Serve.self
    )
}
