import BridgeService
import Foundation

/// The process environment, read into the checked configuration; a bad value ends the command
/// with the variable named.
enum Environment {
    static func configuration() throws -> BridgeConfiguration {
        try BridgeConfiguration(environment: ProcessInfo.processInfo.environment)
    }
}

/// A failure told in one line on stderr, with a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
