import BridgeCore
import Foundation

/// One backfill: a provider's listing read page by page, each listed event stored as its webhook
/// would have been (same id: a webhook before or after is a duplicate, and so is every event of
/// a second run over the same window). The stored events are then mapped, held, ordered and
/// delivered by the running service, at its pace. Without an inbox (`--dry-run`), nothing is
/// stored: each event goes to `preview` instead.
public struct BackfillRun: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Where this run started: the window's start, or after the days an earlier run stored.
        public var from: Date?
        public var pages = 0
        public var events = 0
        public var imported = 0
        public var duplicates = 0
        /// What `--skip-bad` left out, each named: a page that does not decode (with the rest of
        /// its day), an event with no readable id or type.
        public var skipped: [String] = []
    }

    /// One event as listed: its envelope, the bytes and headers stored for it, and whether it was
    /// made of an object (`ListedEvent.reconstructed`).
    public struct Listed: Sendable {
        public var envelope: EventEnvelope
        public var body: [UInt8]
        public var headers: [String: String]
        public var reconstructed: Bool
        /// In a dry run compared with a store (`comparedWith`): the store has this event already,
        /// so a real run would not import it.
        public var alreadyStored = false
    }

    /// `2026-11-05`, or `2026-11-01 to 2026-11-25` for a window read whole.
    static func day(_ window: BackfillWindow) -> String {
        let first = window.since.formatted(.iso8601.year().month().day())
        guard window.until.timeIntervalSince(window.since) > 86_400 else { return first }
        return "\(first) to \(window.until.addingTimeInterval(-1).formatted(.iso8601.year().month().day()))"
    }

    let listing: any BackfillListing
    let provider: any Provider
    let window: BackfillWindow
    let eventTypes: [String]
    let fetcher: any ListingFetcher
    /// Where events are stored and the run recorded; nil for a dry run.
    let inbox: (any Inbox & ImportRuns)?
    /// A dry run's store, when there is one: each previewed event says whether it is in it.
    public var comparedWith: (any BridgeStore)?
    /// Longest `Retry-After` waited for; a longer one stops the run, saying so.
    public var maxRetryAfterSeconds = 300
    /// Tries of one page that failed for a passing reason (429, 5xx, a timeout) before stopping.
    public var attempts = 4
    /// Wait before the next try of a page that failed without a `Retry-After` (doubles each time).
    public var firstBackoff: Duration = .seconds(1)
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    /// A page that does not decode, or an event on it without a readable id or type, is named
    /// and left out instead of stopping the run (`--skip-bad`).
    public var skipBad = false
    /// Most events held in memory at once: those of a day, or of a window read whole.
    public var maxEventsHeld = 200_000
    /// Today, for what the API still keeps (tests read fixtures of the past).
    public var now: @Sendable () -> Date = { Date() }

    public init(
        listing: any BackfillListing, provider: any Provider, window: BackfillWindow, eventTypes: [String],
        fetcher: any ListingFetcher = ProviderAPIClient(timeoutSeconds: 30), inbox: (any Inbox & ImportRuns)?
    ) {
        self.listing = listing
        self.provider = provider
        self.window = window
        self.eventTypes = eventTypes
        self.fetcher = fetcher
        self.inbox = inbox
    }

    /// Reads the window a day at a time, oldest first, and stores each day's events in the order
    /// they happened (an API lists newest first; the bridge would otherwise meet a cancellation
    /// before the sales it ends). `progress` gets a line per page and per day; `preview` each
    /// event of a dry run. Throws `BackfillStopped` saying where it stopped and why; what was
    /// stored stays stored.
    public func run(
        progress: @Sendable (String) -> Void,
        preview: @Sendable (Listed) async throws -> Void = { _ in }
    ) async throws -> Summary {
        var summary = Summary()
        let types = listing.eventTypes(routed: eventTypes)
        if let refusal = listing.refusal(of: window, now: now()) {
            throw BackfillStopped(on: window, at: listing.firstRequest(for: window, eventTypes: types), summary: summary, refusal)
        }
        // A run over the same start goes on after the days an earlier one stored.
        var record: ImportRun?
        var days = parts(of: window)
        if let inbox {
            let previous = try await inbox.importRun(provider: provider.id, kind: .backfill, since: window.since)
            let run = ImportRun.resuming(previous, provider: provider.id, kind: .backfill, window: window, at: Date())
            record = run
            days = run.remaining.map(parts) ?? []
            summary.from = run.doneUntil
            if days.isEmpty {
                progress("nothing to read: an earlier run with this --since stored every day up to \(run.doneUntil.ISO8601Format())")
            } else if run.doneUntil > window.since {
                progress("going on from \(run.doneUntil.ISO8601Format()): an earlier run with this --since stored the days before")
            }
        } else {
            summary.from = window.since
        }
        do {
            for day in days {
                try await read(day, types: types, into: &summary, record: &record, progress: progress, preview: preview)
            }
        } catch let stopped as BackfillStopped {
            if var record, let inbox {
                record.stopped = stopped.reason
                record.updatedAt = Date()
                try await inbox.recordImportRun(record)
            }
            throw stopped
        }
        return summary
    }

    /// The window a day at a time, or whole for a listing that reads it in one pass.
    func parts(of window: BackfillWindow) -> [BackfillWindow] { listing.readsWholeWindow ? [window] : window.days }

    /// One day (or the whole window, `parts`): its pages read, then its events stored oldest
    /// first, then the run's record moved past it.
    func read(
        _ day: BackfillWindow, types: [String], into summary: inout Summary, record: inout ImportRun?, progress: @Sendable (String) -> Void,
        preview: @Sendable (Listed) async throws -> Void
    ) async throws {
        let listing = listing.reading(day, now: now())
        do {
            var listed: [Listed] = []
            var next: ListingRequest? = listing.firstRequest(for: day, eventTypes: types)
            while let request = next {
                let body = try await page(request, of: day, from: listing, summary: summary)
                let page: ListingPage
                do {
                    page = try listing.read(body, of: request, window: day, eventTypes: types)
                } catch {
                    let problem = "its answer does not decode: \(error)"
                    guard skipBad else { throw BackfillStopped(on: day, at: request, summary: summary, problem) }
                    // The next page's cursor is in this one: the rest of the day goes with it.
                    summary.skipped.append("\(Self.day(day)) \(request), and the rest of that day: \(problem)")
                    progress("\(Self.day(day)) \(request): skipped with the rest of the day (--skip-bad): \(problem)")
                    break
                }
                summary.pages += 1
                for event in page.events {
                    do {
                        for envelope in try provider.envelopes(body: event.body, headers: WebhookHeaders(event.headers)) {
                            listed.append(Listed(envelope: envelope, body: envelope.body ?? event.body, headers: event.headers, reconstructed: event.reconstructed))
                        }
                    } catch {
                        let problem = "an event on it has no readable id or type: \(error)"
                        guard skipBad else { throw BackfillStopped(on: day, at: request, summary: summary, problem) }
                        summary.skipped.append("\(Self.day(day)) \(request), one event: \(problem)")
                        progress("\(Self.day(day)) \(request): one event skipped (--skip-bad): \(problem)")
                    }
                }
                progress("\(Self.day(day)) page \(request.page): \(page.events.count) events")
                // A day (or a window read whole) is held in memory to be stored in time order.
                if listed.count > maxEventsHeld {
                    throw BackfillStopped(
                        on: day, at: request, summary: summary,
                        "more than \(maxEventsHeld) events from \(day.since.ISO8601Format()) to \(day.until.ISO8601Format()): run it again with a shorter --until, then from there")
                }
                next = page.next
            }
            // Oldest first; events of one instant in the order listed, reversed (newest-first lists).
            let ordered = listed.enumerated().sorted { first, second in
                let (a, b) = (first.element.envelope.occurredAt?.date ?? day.since, second.element.envelope.occurredAt?.date ?? day.since)
                return a != b ? a < b : first.offset > second.offset
            }.map(\.element)
            summary.events += ordered.count
            guard let inbox else {
                let stored = try await comparedWith?.storedEventIDs(provider: provider.id, among: ordered.map(\.envelope.id)) ?? []
                for var event in ordered {
                    event.alreadyStored = stored.contains(event.envelope.id)
                    try await preview(event)
                }
                summary.duplicates += stored.count
                return
            }
            var imported = 0
            var duplicates = 0
            for event in ordered {
                do {
                    switch try await inbox.receive(
                        IncomingEvent(provider: provider.id, envelope: event.envelope, body: event.body, headers: event.headers, receivedAt: Date()))
                    {
                    case .stored: imported += 1
                    case .duplicate: duplicates += 1
                    }
                } catch {
                    summary.imported += imported
                    summary.duplicates += duplicates
                    let request = listing.firstRequest(for: day, eventTypes: types)
                    throw BackfillStopped(on: day, at: request, summary: summary, "the store could not commit event \(event.envelope.id): \(error)")
                }
            }
            summary.imported += imported
            summary.duplicates += duplicates
            if !ordered.isEmpty {
                progress("\(Self.day(day)): \(imported) imported, \(duplicates) already stored")
            }
            if var run = record {
                run.doneUntil = day.until
                run.events += ordered.count
                run.imported += imported
                run.duplicates += duplicates
                run.updatedAt = Date()
                do {
                    try await inbox.recordImportRun(run)
                } catch {
                    throw BackfillStopped(on: day, at: listing.firstRequest(for: day, eventTypes: types), summary: summary, "the store could not record the run: \(error)")
                }
                record = run
            }
        }
    }

    /// One page's body: a 429 waits its `Retry-After` (bounded), a 5xx or a failed request is
    /// tried again after a backoff, a refused key stops at once naming its variable.
    func page(_ request: ListingRequest, of day: BackfillWindow, from listing: any BackfillListing, summary: Summary) async throws -> [UInt8] {
        var backoff = firstBackoff
        var last = ""
        for attempt in 1...attempts {
            let answer: ProviderAPIAnswer
            do {
                answer = try await fetcher.answer(request, from: listing.api)
            } catch {
                last = "\(listing.api.name) did not answer: \(error)"
                if attempt < attempts { try await sleep(backoff) }
                backoff *= 2
                continue
            }
            switch answer.status {
            case 200: return answer.body
            case 401, 403:
                throw BackfillStopped(
                    on: day, at: request, summary: summary,
                    "\(listing.api.name) refused \(listing.keyVariable) (HTTP \(answer.status)); check the key and its read permissions")
            case 429:
                let seconds = RetryAfter.seconds(from: answer.retryAfter, now: Date()) ?? Int(backoff.components.seconds)
                guard seconds <= maxRetryAfterSeconds else {
                    throw BackfillStopped(on: day, at: request, summary: summary, "\(listing.api.name) asked to wait \(seconds) s (429), longer than \(maxRetryAfterSeconds) s")
                }
                last = "\(listing.api.name) answered 429 (rate limited)"
                if attempt < attempts { try await sleep(.seconds(seconds)) }
            case 500...599:
                last = "\(listing.api.name) answered \(answer.error)"
                if attempt < attempts { try await sleep(backoff) }
                backoff *= 2
            default:
                throw BackfillStopped(on: day, at: request, summary: summary, "\(listing.api.name) answered \(answer.error)")
            }
        }
        throw BackfillStopped(on: day, at: request, summary: summary, "\(last), \(attempts) times")
    }
}

/// Where a backfill stopped, why, and what it had done: what was stored stays stored, and the
/// same command run again goes over those pages as duplicates and on.
public struct BackfillStopped: Error, CustomStringConvertible {
    public var day: Date
    public var request: ListingRequest
    public var summary: BackfillRun.Summary
    public var reason: String

    init(on day: BackfillWindow, at request: ListingRequest, summary: BackfillRun.Summary, _ reason: String) {
        self.day = day.since
        self.request = request
        self.summary = summary
        self.reason = reason
    }

    public var description: String {
        "stopped on \(day.formatted(.iso8601.year().month().day())), \(request): \(reason). Before it: \(summary.pages) pages, \(summary.events) events, "
            + "\(summary.imported) imported, \(summary.duplicates) already stored; run the same command again to go on"
    }
}
