public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case pending
    /// Not sendable yet: its event waits for what may still arrive (the row says why and until when).
    case held
    case delivered
    case dead
    case ignored
    /// No API key was configured: the call was logged, not sent. Replay sends it.
    case dryRun = "dry_run"
}
