import Foundation

/// The time a backfill reads, `since` included, `until` excluded.
public struct BackfillWindow: Sendable, Equatable {
    public var since: Date
    public var until: Date

    public init(since: Date, until: Date) throws(PayloadError) {
        guard since < until else { throw PayloadError("--since \(since.ISO8601Format()) is not before --until \(until.ISO8601Format())") }
        self.since = since
        self.until = until
    }

    /// The window cut into days, oldest first (the last one shorter): a backfill stores one day's
    /// events at a time in the order they happened, whatever order an API lists them in.
    public var days: [BackfillWindow] {
        var days: [BackfillWindow] = []
        var start = since
        while start < until {
            let end = min(start.addingTimeInterval(86_400), until)
            days.append(BackfillWindow(checked: start, end))
            start = end
        }
        return days
    }

    /// `since` before `until`, known.
    init(checked since: Date, _ until: Date) {
        self.since = since
        self.until = until
    }

    /// Whole Unix seconds, as provider APIs take them: `since` rounded down, `until` up (the
    /// windows given are whole seconds; a day's end is the next day's start, excluded).
    public var sinceSeconds: Int64 { Int64(since.timeIntervalSince1970.rounded(.down)) }
    public var untilSeconds: Int64 { Int64(until.timeIntervalSince1970.rounded(.up)) }
}
