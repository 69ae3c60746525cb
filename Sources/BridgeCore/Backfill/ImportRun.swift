import Foundation

/// One backfill of a provider's API, or one reconcile, as recorded while it reads: the
/// window it aims at, the days it has read and stored (`doneUntil`), what it found, and why it
/// stopped if it did. The rule of where a run starts is here; stores only keep the record.
public struct ImportRun: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case backfill
        /// One pass of `BRIDGE_RECONCILE_EVERY`: `events` listed, `imported` missing ones stored.
        case reconcile
    }

    public var provider: ProviderID
    public var kind: Kind
    /// The window asked for; runs with the same provider, kind and start are one run, resumed.
    public var since: Date
    public var until: Date
    /// Every day before this was read and its events stored.
    public var doneUntil: Date
    public var events: Int
    public var imported: Int
    public var duplicates: Int
    public var startedAt: Date
    public var updatedAt: Date
    /// Why it stopped (nil: running, or done).
    public var stopped: String?

    public init(
        provider: ProviderID, kind: Kind, since: Date, until: Date, doneUntil: Date, events: Int = 0, imported: Int = 0,
        duplicates: Int = 0, startedAt: Date, updatedAt: Date, stopped: String? = nil
    ) {
        self.provider = provider
        self.kind = kind
        self.since = since
        self.until = until
        self.doneUntil = doneUntil
        self.events = events
        self.imported = imported
        self.duplicates = duplicates
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.stopped = stopped
    }

    public var isDone: Bool { stopped == nil && doneUntil >= until }

    /// A run over `window` given the last one recorded with the same start: it goes on after the
    /// days that one stored (never before them: they are complete, whatever its end was), keeping
    /// its counts; the first run starts at the window's start.
    public static func resuming(
        _ previous: ImportRun?, provider: ProviderID, kind: Kind, window: BackfillWindow, at now: Date
    ) -> ImportRun {
        guard let previous, previous.since == window.since else {
            return ImportRun(provider: provider, kind: kind, since: window.since, until: window.until, doneUntil: window.since, startedAt: now, updatedAt: now)
        }
        var run = previous
        run.until = window.until
        run.doneUntil = max(window.since, previous.doneUntil)
        run.updatedAt = now
        run.stopped = nil
        return run
    }

    /// What is left to read: nil when nothing is.
    public var remaining: BackfillWindow? {
        doneUntil < until ? BackfillWindow(checked: doneUntil, until) : nil
    }
}
