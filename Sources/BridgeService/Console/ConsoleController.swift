import BridgeCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore

/// The web console at `/admin`: server-rendered pages over the same `Operations` as the admin
/// API and the command line. The admin token is entered once into a form; the session is an
/// HttpOnly, SameSite=Strict cookie (`SessionSeal`), and every form carries a CSRF token tied
/// to it, so another site can neither read the pages nor post to them. Signing out ends every
/// session issued before it, on every replica (the store keeps the time).
struct ConsoleController {
    let operations: Operations
    let reconciles: ReconcileRequests
    let sessions: any ConsoleSessions
    let token: SecretMatcher
    let seal: SessionSeal
    let library: MustacheLibrary
    static let cookie = "bb_session"
    static let sessionLength: TimeInterval = 12 * 3600

    init(operations: Operations, reconciles: ReconcileRequests, sessions: any ConsoleSessions, adminToken: String) throws {
        self.operations = operations
        self.reconciles = reconciles
        self.sessions = sessions
        token = SecretMatcher(Array(adminToken.utf8))
        seal = SessionSeal(adminToken: adminToken)
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all { try library.register(text, named: name) }
        self.library = library
    }

    func addRoutes(to router: Router<BridgeRequestContext>) {
        router.get("admin/login") { _, _ in page("Sign in", "login", [:], session: nil) }
        router.post("admin/login") { request, context in try await login(request, context: context) }
        router.post("admin/logout") { request, context in
            try await withForm(request, context) { _, _ in
                // Server-side: a copy of the cookie is worth nothing from now on.
                try await sessions.endConsoleSessions(at: Date())
                context.logger.notice("console signed out: every session issued until now has ended")
                var response = redirect("/admin/login")
                response.headers[.setCookie] = "\(Self.cookie)=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0"
                return response
            }
        }
        router.get("admin") { request, _ in try await signedIn(request) { try await home($0, request) } }
        router.get("admin/events") { request, _ in try await signedIn(request) { try await events(request, session: $0) } }
        router.get("admin/events/:row") { request, context in try await signedIn(request) { try await event(context, request, session: $0) } }
        router.get("admin/deliveries") { request, _ in try await signedIn(request) { try await deliveries(request, session: $0) } }
        router.get("admin/find") { request, _ in try await signedIn(request) { try await find(request, session: $0) } }
        router.post("admin/deliveries/:id/replay") { request, context in
            try await withForm(request, context) { form, _ in try await replay(context, form: form) }
        }
        router.post("admin/deliveries/replay-dead") { request, context in
            try await withForm(request, context) { _, _ in
                let count = try await operations.replayDead(by: "console")
                return redirect("/admin/deliveries?" + ConsoleNotice.requeuedDead(count: count).query)
            }
        }
        router.post("admin/reconcile/:provider") { request, context in
            try await withForm(request, context) { _, _ in
                let provider = ProviderID(rawValue: context.parameters.get("provider") ?? "")
                guard let index = reconciles.providers.firstIndex(of: provider), reconciles.ask(provider) else {
                    return notFound("\(provider) cannot be reconciled here")
                }
                return redirect("/admin?" + ConsoleNotice.reconcileAsked(provider: index).query)
            }
        }
        router.post("admin/events/:row/remap") { request, context in
            try await withForm(request, context) { _, _ in
                guard let row = context.parameters.get("row").flatMap(Int64.init) else { return notFound("no such event") }
                let count = try await operations.remap(rows: [row])
                let notice: ConsoleNotice = count == 1 ? .remapped(row: row) : .notRemapped(row: row)
                return redirect("/admin/events/\(row)?" + notice.query)
            }
        }
    }

    // MARK: Pages

    func home(_ session: String, _ request: Request) async throws -> Response {
        let summary = try await operations.summary()
        let counts: [[String: Any]] = summary.deliveries.map {
            ["provider": $0.provider, "action": $0.action, "status": $0.status, "count": $0.count]
        }
        let states: [[String: Any]] = summary.events.sorted { $0.key < $1.key }.map { ["state": $0.key, "count": $0.value] }
        let view: [String: Any] = [
            "counts": counts, "eventStates": states, "held": summary.held,
            "oldestPending": summary.oldestPendingSince.map { "\(Self.time($0)) (\(Int(Date().timeIntervalSince($0))) s ago)" } ?? "none",
            "lastDelivered": summary.lastDeliveredAt.map(Self.time) ?? "never",
            "lastFailure": summary.lastFailureAt.map { "\(Self.time($0)): \(summary.lastFailure ?? "")" } ?? "none",
            "imports": try await operations.importRuns().map { run -> [String: Any] in
                [
                    "provider": run.provider.rawValue, "kind": run.kind.rawValue, "updated": Self.time(run.updatedAt),
                    "window": "\(Self.time(run.since)) – \(Self.time(run.until))", "events": run.events, "imported": run.imported,
                    "state": run.stopped == nil ? (run.isDone ? "done" : "running") : "stopped", "note": run.stopped ?? "",
                ]
            },
            "reconcilable": reconciles.providers.map { ["provider": $0.rawValue] },
        ]
        return page("Summary", "home", view, session: session, request: request)
    }

    func events(_ request: Request, session: String) async throws -> Response {
        let query = AdminQuery(request)
        var filter = EventQuery(provider: query["provider"], type: query["type"], text: query["q"], beforeRow: try query.integer("before"))
        filter.state = try query.choice("state", EventState.self)
        let events = try await operations.events(filter)
        let items: [[String: Any]] = events.map {
            [
                "row": $0.row, "received": Self.time($0.receivedAt), "provider": $0.provider.rawValue, "type": $0.eventType,
                "eventID": $0.eventID, "state": $0.state.rawValue, "note": $0.error ?? "",
            ]
        }
        var view: [String: Any] = [
            "heading": filter.state.map { "Events: \($0.rawValue)" } ?? "Events", "items": items, "q": query["q"] ?? "",
            "states": EventState.allCases.map { ["name": $0.rawValue, "selected": $0 == filter.state] },
        ]
        if events.count == filter.limit, let last = events.last {
            view["next"] = "/admin/events?before=\(last.row)" + (filter.state.map { "&state=\($0.rawValue)" } ?? "")
        }
        return page("Events", "events", view, session: session, request: request)
    }

    func deliveries(_ request: Request, session: String) async throws -> Response {
        let query = AdminQuery(request)
        var filter = DeliveryQuery(provider: query["provider"], firstPromoterEventID: query["event_id"], beforeID: try query.integer("before"))
        filter.status = try query.choice("status", DeliveryStatus.self)
        filter.endpoint = try query.choice("action", ActionKind.self)
        let rows = try await operations.deliveries(filter)
        let csrf = seal.csrfToken(for: session)
        let items: [[String: Any]] = rows.map { row in
            [
                "id": row.id, "created": Self.time(row.createdAt), "status": row.shownStatus,
                "call": row.call.map { "\($0.endpoint.rawValue) \($0.eventID)" } ?? "-",
                "amount": [row.call?.value(of: "amount"), row.call?.value(of: "currency")].compactMap { $0 }.joined(separator: " "),
                "attempts": row.attempts, "eventRow": row.eventRow, "event": "\(row.provider) \(row.eventType)",
                "outcome": [row.heldBy, row.outcome, row.note].compactMap { $0 }.joined(separator: "; "),
                "replayable": row.status == .dead || row.status == .dryRun, "csrf": csrf,
            ]
        }
        var view: [String: Any] = [
            "heading": filter.status == .dead ? "Dead letters" : filter.status.map { "Deliveries: \($0.rawValue)" } ?? "Deliveries",
            "items": items, "showReplayDead": filter.status == .dead && !rows.isEmpty, "csrf": csrf,
        ]
        if rows.count == filter.limit, let last = rows.last {
            view["next"] = "/admin/deliveries?before=\(last.id)" + (filter.status.map { "&status=\($0.rawValue)" } ?? "")
        }
        return page("Deliveries", "deliveries", view, session: session, request: request)
    }

    func event(_ context: BridgeRequestContext, _ request: Request, session: String) async throws -> Response {
        guard let row = context.parameters.get("row").flatMap(Int64.init), let story = try await operations.story(ofEvent: row) else {
            return notFound("no such event")
        }
        return page("Event \(row)", "event", view(of: story, session: session), session: session, request: request)
    }

    func find(_ request: Request, session: String) async throws -> Response {
        let id = (AdminQuery(request))["id"] ?? ""
        guard !id.isEmpty else { return redirect("/admin") }
        let stories = try await operations.find(id)
        if stories.count == 1 { return redirect("/admin/events/\(stories[0].event.row)") }
        let items: [[String: Any]] = stories.map {
            [
                "row": $0.event.row, "received": Self.time($0.event.receivedAt), "provider": $0.event.provider, "type": $0.event.eventType,
                "eventID": $0.event.eventID, "state": $0.event.state.rawValue, "note": $0.event.error ?? "",
            ]
        }
        let view: [String: Any] = ["heading": "Events naming \(id)", "items": items, "q": "", "states": [] as [Any]]
        return page("Find", "events", view, session: session)
    }

    func view(of story: EventStory, session: String) -> [String: Any] {
        let csrf = seal.csrfToken(for: session)
        let event = story.event
        let deliveries: [[String: Any]] = story.deliveries.map { item in
            let delivery = item.delivery
            let attempts: [[String: Any]] = item.attempts.map {
                var row: [String: Any] = [
                    "at": Self.time($0.at), "kind": $0.kind.rawValue, "url": $0.url ?? "", "status": $0.httpStatus.map(String.init) ?? "",
                    "duration": $0.durationMilliseconds.map(String.init) ?? "", "outcome": $0.outcome,
                ]
                if let response = $0.response, !response.isEmpty { row["response"] = response }
                return row
            }
            return [
                "id": delivery.id, "status": delivery.shownStatus, "attempts": attempts, "csrf": csrf,
                "call": delivery.call.map { "\($0.endpoint.rawValue) \($0.eventID): \($0.formBody)" } ?? "no call",
                "outcome": [delivery.heldBy, delivery.outcome, delivery.note].compactMap { $0 }.joined(separator: "; "),
                "replayable": [.dead, .dryRun, .delivered].contains(delivery.status), "delivered": delivery.status == .delivered,
            ]
        }
        let headers = event.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        return [
            "row": event.row, "provider": event.provider, "type": event.eventType, "eventID": event.eventID,
            "received": Self.time(event.receivedAt), "state": event.state.rawValue, "error": event.error ?? "",
            "deliveries": deliveries, "headers": headers, "body": event.body, "bodyEncoding": event.bodyEncoding, "csrf": csrf,
        ]
    }

    func replay(_ context: BridgeRequestContext, form: FormBody) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { return notFound("no such delivery") }
        let force = form.fields["force"] == "true"
        let result = try await operations.replay(ids: [id], force: force, by: "console").first
        var query = DeliveryQuery(limit: 1)
        query.id = id
        let delivery = try await operations.deliveries(query).first
        let notice: ConsoleNotice
        switch (result, delivery) {
        case (.requeued(_, let was)?, _): notice = .replayed(delivery: id, was: was)
        case (.refused?, let delivery?): notice = .notReplayed(delivery: id, status: delivery.status)
        default: notice = .noSuchDelivery(id)
        }
        return redirect((delivery.map { "/admin/events/\($0.eventRow)" } ?? "/admin/deliveries") + "?" + notice.query)
    }

    // MARK: Sessions and forms

    func login(_ request: Request, context: BridgeRequestContext) async throws -> Response {
        let form = try await Self.form(of: request)
        guard let offered = form.fields["token"], token.matches(Array(offered.utf8)) else {
            context.logger.warning("console sign-in refused: wrong admin token")
            return page("Sign in", "login", [:], session: nil, flash: "That is not the admin token.", isError: true, status: .unauthorized)
        }
        // Issued after the last sign-out even within its millisecond.
        let signedOut = Date(timeIntervalSince1970: TimeInterval(try await sessions.consoleSessionsValidAfter() + 1) / 1000)
        let session = seal.session(issued: max(Date(), signedOut), lasting: Self.sessionLength)
        var response = redirect("/admin")
        let secure = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "; Secure" : ""
        response.headers[.setCookie] =
            "\(Self.cookie)=\(session); Path=/admin; HttpOnly; SameSite=Strict; Max-Age=\(Int(Self.sessionLength))\(secure)"
        return response
    }

    func session(of request: Request) async throws -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0] == Self.cookie else { continue }
            let validAfter = try await sessions.consoleSessionsValidAfter()
            if seal.isValid(session: String(pair[1]), now: Date(), validAfter: validAfter) { return String(pair[1]) }
        }
        return nil
    }

    /// A console form's fields; a body that is too large or not a form is a 413 or 400 naming
    /// what was wrong, never a 500.
    static func form(of request: Request) async throws -> FormBody {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 16 << 10) } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "the form is over 16 KiB")
        }
        do { return try FormBody(Array(buffer: buffer)) } catch {
            throw HTTPError(.badRequest, message: "the form could not be read: \(error.problem)")
        }
    }

    func signedIn(_ request: Request, _ body: (String) async throws -> Response) async throws -> Response {
        guard let session = try await session(of: request) else { return redirect("/admin/login") }
        do {
            return try await body(session)
        } catch let error as HTTPError {
            return page("Error", "login", [:], session: session, flash: error.body ?? "\(error)", isError: true, status: error.status)
        }
    }

    /// A POST from a console form: signed in, the CSRF token of this session, and from this
    /// site (`Origin`, when the browser sends one), or 403.
    func withForm(
        _ request: Request, _ context: BridgeRequestContext, _ body: (FormBody, String) async throws -> Response
    ) async throws -> Response {
        guard let session = try await session(of: request) else { return redirect("/admin/login") }
        let form = try await Self.form(of: request)
        let sameSite = request.headers[.origin].map { origin in request.head.authority.map { origin.hasSuffix("//\($0)") } ?? false } ?? true
        guard sameSite, let csrf = form.fields["csrf"], seal.isValid(csrf: csrf, for: session) else {
            context.logger.warning(
                "console form refused: missing or wrong CSRF token, or another origin",
                metadata: [
                    "origin": "\(request.headers[.origin] ?? "-")", "authority": "\(request.head.authority ?? "-")",
                    "csrf.sent": "\(form.fields["csrf"] != nil)", "same.site": "\(sameSite)",
                ])
            return JSONResponse.error(.forbidden, "this form did not come from the console page; reload it and try again")
        }
        return try await body(form, session)
    }

    // MARK: Rendering

    func page(
        _ title: String, _ template: String, _ view: [String: Any], session: String?, request: Request? = nil, flash: String? = nil,
        isError: Bool = false, status: HTTPResponse.Status = .ok
    ) -> Response {
        // A template not registered is a bug of ours: said, never a blank page.
        guard let content = library.render(view, withTemplate: template) else {
            return JSONResponse.error(.internalServerError, "the console has no '\(template)' template")
        }
        let done = flash ?? request.flatMap { ConsoleNotice(AdminQuery($0))?.text }
        var layout: [String: Any] = ["title": title, "content": content, "signedIn": session != nil]
        if let session { layout["csrf"] = seal.csrfToken(for: session) }
        if let done { layout["flash"] = ["text": done, "isError": isError] }
        guard let html = library.render(layout, withTemplate: "layout") else {
            return JSONResponse.error(.internalServerError, "the console has no 'layout' template")
        }
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func notFound(_ message: String) -> Response {
        JSONResponse.error(.notFound, message)
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)) + " UTC"
    }
}
