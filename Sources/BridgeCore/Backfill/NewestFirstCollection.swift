import Foundation

/// How one API writes a list that goes newest first, by page number, with no time filter (Lemon
/// Squeezy's, Polar's): its pages' paths, its objects, and the event each becomes.
public protocol NewestFirstFormat: Sendable {
    associatedtype Object: Sendable
    /// The query parameter holding the page number (`page`, `page[number]`).
    var pageParameter: String { get }
    func path(page: Int) -> String
    /// A page's objects with their bytes as the API wrote them, and whether a page follows it.
    func objects(in body: [UInt8], page: Int) throws -> (objects: [(object: Object, bytes: [UInt8])], more: Bool)
    func id(of object: Object) -> String
    func created(of object: Object) -> String?
    /// The event `type` the object makes, at `time`, its id ending in `idSuffix`.
    func event(_ type: String, at time: String, idSuffix: String, object: Object, bytes: [UInt8]) -> ListedEvent
}

/// A list in a `NewestFirstFormat`, read over a window in one pass (`readsWholeWindow`): a list
/// by creation ends at its first object created before the window; another (ended
/// subscriptions) is read whole. Each object makes its events (`makes`: an order paid, then
/// refunded), each kept when it happened in the window.
public struct NewestFirstCollection<Format: NewestFirstFormat>: ObjectCollection {
    public struct Made: Sendable {
        let eventType: String
        /// When it happened; nil: it did not.
        let time: @Sendable (Format.Object) -> String?
        /// What the event's id adds to the type and the object's id (a refund's total).
        let idSuffix: @Sendable (Format.Object) -> String

        public init(
            _ eventType: String, time: @escaping @Sendable (Format.Object) -> String?,
            idSuffix: @escaping @Sendable (Format.Object) -> String = { _ in "" }
        ) {
            self.eventType = eventType
            self.time = time
            self.idSuffix = idSuffix
        }
    }

    let format: Format
    let what: String
    let byCreation: Bool
    /// In the order they happen to one object.
    let makes: [Made]
    public var eventTypes: [String] { makes.map(\.eventType) }

    public init(_ format: Format, what: String, byCreation: Bool, makes: [Made]) {
        self.format = format
        self.what = what
        self.byCreation = byCreation
        self.makes = makes
    }

    public func firstPath(for day: BackfillWindow) -> String { format.path(page: 1) }

    public func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        // The page asked for is the one answered: the path built here says which.
        guard let page = URLComponents(string: path)?.queryItems?.first(where: { $0.name == format.pageParameter })?.value.flatMap({ Int($0) })
        else { throw PayloadError("\(what): \(path) names no page") }
        let (objects, more) = try format.objects(in: body, page: page)
        var events: [ListedEvent] = []
        var passedTheWindow = false
        for (object, bytes) in objects {
            let id = format.id(of: object)
            if byCreation {
                let created = try time(format.created(of: object), "created_at", of: id)
                if created < day.since { passedTheWindow = true }
                guard created < day.until else { continue }
            }
            // Newest first: an object's later event before its earlier one, as the list goes.
            for made in makes.reversed() where asked.contains(made.eventType) {
                guard let text = made.time(object) else { continue }
                let at = try time(text, made.eventType, of: id)
                guard at >= day.since, at < day.until else { continue }
                events.append(format.event(made.eventType, at: text, idSuffix: made.idSuffix(object), object: object, bytes: bytes))
            }
        }
        guard !passedTheWindow, more else { return (events, nil) }
        return (events, format.path(page: page + 1))
    }

    func time(_ text: String?, _ field: String, of id: String) throws -> Date {
        guard let text, let time = PayloadTime.rfc3339(text) else {
            throw PayloadError("\(what): \(id) has \(field) \(text.map { $0.debugDescription } ?? "missing"), not an RFC 3339 time")
        }
        return time.date
    }
}
