import Foundation

/// What the console's stateless sessions cannot carry: the time of the last sign-out, before
/// which no session is valid. In the store, so that a sign-out ends the session on every replica.
public protocol ConsoleSessions: Sendable {
    /// Milliseconds since 1970; 0 before any sign-out.
    func consoleSessionsValidAfter() async throws -> Int64
    /// Ends every session issued until `date` (synced, like every write).
    func endConsoleSessions(at date: Date) async throws
}
