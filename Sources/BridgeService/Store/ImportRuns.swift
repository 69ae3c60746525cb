import BridgeCore
import Foundation

/// Backfills as they go (`ImportRun`): read to resume one, written after each day it stores.
public protocol ImportRuns: Sendable {
    /// The run of this provider and kind that started at `since`, if one was recorded.
    func importRun(provider: ProviderID, kind: ImportRun.Kind, since: Date) async throws -> ImportRun?
    /// Writes the run whole (synced, like every write), replacing the one with its key.
    func recordImportRun(_ run: ImportRun) async throws
    /// The latest run of each provider and kind, newest first.
    func latestImportRuns() async throws -> [ImportRun]
}
