import BridgeCore
import Foundation
import Hummingbird

/// The admin API under `/admin/api`, behind `BRIDGE_ADMIN_TOKEN` (off, 404, when unset): the
/// same `Operations` as the command line, as JSON.
struct AdminAPIController {
    let operations: Operations
    let reconciles: ReconcileRequests

    func addRoutes(to router: Router<BridgeRequestContext>, token: SecretMatcher) {
        let api = router.group("admin/api").add(middleware: AdminTokenMiddleware(token: token))
        api.get("summary") { _, _ in try AdminJSON.response(try await operations.summary()) }
        api.get("events") { request, _ in try await events(request) }
        api.get("events/:row") { _, context in try await event(context) }
        api.get("find") { request, _ in try await find(request) }
        api.get("deliveries") { request, _ in try await deliveries(request) }
        api.post("deliveries/replay") { request, context in try await replay(request, context: context) }
        api.post("deliveries/replay-dead") { request, _ in
            let query = AdminQuery(request)
            let count = try await operations.replayDead(
                provider: query["provider"], since: try query.date("since"), until: try query.date("until"), by: Self.who)
            return try AdminJSON.response(["requeued": count])
        }
        api.post("events/remap") { request, context in try await remap(request, context: context) }
        api.post("events/remap-failed") { _, _ in try AdminJSON.response(["requeued": try await operations.remap(rows: nil)]) }
        api.get("imports") { _, _ in
            try AdminJSON.response(
                ImportsView(runs: try await operations.importRuns().map(ImportRunView.init), reconcilable: reconciles.providers.map(\.rawValue)))
        }
        api.post("imports/reconcile/:provider") { _, context in
            let provider = ProviderID(rawValue: context.parameters.get("provider") ?? "")
            guard reconciles.ask(provider) else {
                let can = reconciles.providers.map(\.rawValue).joined(separator: ", ")
                return JSONResponse.error(
                    .notFound, "\(provider) cannot be reconciled here: it needs its API key set and a listing built (here: \(can.isEmpty ? "none" : can))")
            }
            return try AdminJSON.response(["asked": provider.rawValue], status: .accepted)
        }
    }

    static let who = "admin api"

    func events(_ request: Request) async throws -> Response {
        let query = AdminQuery(request)
        var filter = EventQuery(
            provider: query["provider"], type: query["type"], text: query["q"], beforeRow: try query.integer("before"),
            limit: try query.limit())
        filter.state = try query.choice("state", EventState.self)
        filter.since = try query.date("since")
        filter.until = try query.date("until")
        let events = try await operations.events(filter).map(EventView.init)
        return try AdminJSON.page(events, limit: filter.limit, cursor: events.last.map { $0.row })
    }

    func event(_ context: BridgeRequestContext) async throws -> Response {
        guard let text = context.parameters.get("row"), let row = Int64(text) else {
            return JSONResponse.error(.badRequest, "an event row is a whole number")
        }
        guard let story = try await operations.story(ofEvent: row) else { return JSONResponse.error(.notFound, "no event at row \(row)") }
        return try AdminJSON.response(story)
    }

    func find(_ request: Request) async throws -> Response {
        let query = AdminQuery(request)
        guard let id = query["id"], !id.isEmpty else { return JSONResponse.error(.badRequest, "find needs ?id=") }
        return try AdminJSON.response(["events": try await operations.find(id, limit: try query.limit(default: 20))])
    }

    func deliveries(_ request: Request) async throws -> Response {
        let query = AdminQuery(request)
        var filter = DeliveryQuery(
            provider: query["provider"], firstPromoterEventID: query["event_id"], beforeID: try query.integer("before"),
            limit: try query.limit())
        filter.status = try query.choice("status", DeliveryStatus.self)
        filter.endpoint = try query.choice("action", ActionKind.self)
        filter.since = try query.date("since")
        filter.until = try query.date("until")
        let rows = try await operations.deliveries(filter)
        return try AdminJSON.page(rows, limit: filter.limit, cursor: rows.last.map(\.id))
    }

    struct ReplayRequest: Decodable {
        var ids: [Int64]
        var force: Bool?
    }

    func replay(_ request: Request, context: BridgeRequestContext) async throws -> Response {
        let asked = try await AdminJSON.decode(ReplayRequest.self, from: request, context: context)
        let results = try await operations.replay(ids: asked.ids, force: asked.force ?? false, by: Self.who)
        let items = results.map(ReplayAnswer.init)
        let status: HTTPResponse.Status = items.allSatisfy(\.requeued) ? .ok : .init(code: 207, reasonPhrase: "Multi-Status")
        return try AdminJSON.response(["results": items], status: status)
    }

    struct RemapRequest: Decodable {
        var rows: [Int64]
    }

    func remap(_ request: Request, context: BridgeRequestContext) async throws -> Response {
        let asked = try await AdminJSON.decode(RemapRequest.self, from: request, context: context)
        return try AdminJSON.response(["requeued": try await operations.remap(rows: asked.rows)])
    }
}

/// One replay's result as JSON: requeued, or why not.
struct ReplayAnswer: Encodable {
    var id: Int64
    var requeued: Bool
    var was: String?
    var reason: String?

    init(_ result: ReplayResult) {
        switch result {
        case .requeued(let id, let was): self.init(id: id, requeued: true, was: was.rawValue, reason: nil)
        case .notFound(let id): self.init(id: id, requeued: false, was: nil, reason: "no such delivery")
        case .refused(let id, let reason): self.init(id: id, requeued: false, was: nil, reason: reason)
        }
    }

    init(id: Int64, requeued: Bool, was: String?, reason: String?) {
        self.id = id
        self.requeued = requeued
        self.was = was
        self.reason = reason
    }
}

/// `GET /admin/api/imports`: the latest backfill and reconcile of each provider, and which
/// providers a reconcile can be asked for.
struct ImportsView: Encodable {
    var runs: [ImportRunView]
    var reconcilable: [String]
}

/// One recorded backfill or reconcile, as JSON.
struct ImportRunView: Encodable {
    var provider: String
    var kind: String
    var since: Date
    var until: Date
    var doneUntil: Date
    var events: Int
    var imported: Int
    var duplicates: Int
    var startedAt: Date
    var updatedAt: Date
    var stopped: String?
    var done: Bool

    init(_ run: ImportRun) {
        provider = run.provider.rawValue
        kind = run.kind.rawValue
        since = run.since
        until = run.until
        doneUntil = run.doneUntil
        events = run.events
        imported = run.imported
        duplicates = run.duplicates
        startedAt = run.startedAt
        updatedAt = run.updatedAt
        stopped = run.stopped
        done = run.isDone
    }
}
