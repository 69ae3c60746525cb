import ArgumentParser
import Foundation
import BridgeService
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service: receive webhooks, map them, forward them to FirstPromoter.")

    func run() async throws {
        let configuration = try Environment.configuration()
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format) }
        var logger = Logger(label: "billing-bridge")
        logger.logLevel = configuration.logLevel
        if let files = OpenFileLimit.raiseToHardLimit() {
            logger.info("open file limit", metadata: ["before": "\(files.before)", "now": "\(files.after)"])
        } else {
            logger.warning("could not read the open file limit; connections are bounded by the default")
        }
        for warning in CredentialWarnings.warnings(in: ProcessInfo.processInfo.environment, definitions: configuration.definitions) {
            logger.warning("credential: \(warning)")
        }
        let app = try await BridgeApplication.build(configuration: configuration, logger: logger)
        try await BridgeApplication.run(app, shutdownSeconds: configuration.shutdownSeconds, logger: logger)
    }
}
