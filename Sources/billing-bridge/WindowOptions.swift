import ArgumentParser
import Foundation

/// `--provider`, `--since` and `--until`: which provider's rows, from when to when. Shared by
/// the commands that list or replay rows.
struct WindowOptions: ParsableArguments {
    @Option(help: "Only this provider's.")
    var provider: String?

    @Option(help: "At or after this time (2026-11-26 or 2026-11-26T08:00:00Z).")
    var since: String?

    @Option(help: "Before this time.")
    var until: String?

    var isEmpty: Bool { provider == nil && since == nil && until == nil }

    func sinceDate() throws -> Date? { try since.map { try Shown.date($0, option: "--since") } }
    func untilDate() throws -> Date? { try until.map { try Shown.date($0, option: "--until") } }
}
