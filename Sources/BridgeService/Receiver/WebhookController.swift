import BridgeCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `POST /webhooks/{provider}`: size and type checks, signature, envelope, then a durable commit
/// to the inbox before the 200. Nothing unverified is stored; nothing verified is dropped.
struct WebhookController {
    let store: any Inbox
    let providers: [ProviderID: MountedProvider]
    let maxBodyBytes: Int
    /// A body still arriving after this is answered 408: a slow client holds nothing for long.
    var bodyTimeout: Duration = .seconds(15)
    let inbox: Doorbell
    let metrics: BridgeMetrics
    /// Counts webhooks being answered, for mapping to give way to (`ReceiverLoad`).
    var load = ReceiverLoad()
    /// Memory for bodies not yet verified, shared by every peer.
    var budget = UnverifiedBytesBudget(totalLimit: 64 << 20, perPeerLimit: 8 << 20)

    /// Headers that carry credentials of the sender's, not ours: not kept with the event.
    static let unkeptHeaders: Set<String> = ["authorization", "cookie", "proxy-authorization"]

    func addRoutes(to router: Router<BridgeRequestContext>) {
        // Standard Webhooks endpoints are served under their own folder, named by the operator.
        for standard in [false, true] {
            router.post(standard ? "/webhooks/standard/:provider" : "/webhooks/:provider") { request, context in
                let started = ContinuousClock.now
                load.begin()
                defer { load.end() }
                let name = context.parameters.get("provider") ?? ""
                // Looked up once: the answer, the log line and the metrics label all use it.
                let mounted = mounted(name, standard: standard)
                let answer = try await receive(request, context: context, name: name, mounted: mounted)
                // A mounted provider's id, else `unknown`: a label from the raw path would let
                // anyone grow `/metrics` (and the log) without bound.
                report(answer, provider: mounted?.provider.id.rawValue ?? "unknown", duration: ContinuousClock.now - started, logger: context.logger)
                return answer.response
            }
        }
        router.get("/webhooks/:provider") { request, context in
            answerChallenge(request, context: context)
        }
    }

    /// The provider served at `/webhooks/{name}`, or at `/webhooks/standard/{name}` for a
    /// Standard Webhooks endpoint: each only at its own URL.
    func mounted(_ name: String, standard: Bool) -> MountedProvider? {
        guard let mounted = providers[ProviderID(rawValue: name)], mounted.urlPath.hasPrefix("standard/") == standard else { return nil }
        return mounted
    }

    /// A provider's check of a new endpoint (Braintree's `bt_challenge`), answered in plain text.
    func answerChallenge(_ request: Request, context: BridgeRequestContext) -> Response {
        let name = context.parameters.get("provider") ?? ""
        guard let mounted = mounted(name, standard: false) else {
            return JSONResponse.error(.notFound, "no provider '\(name)' is configured here")
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        do {
            guard let answer = try mounted.provider.answerChallenge(query: query) else {
                return JSONResponse.error(.methodNotAllowed, "\(name) webhooks are POSTed; \(name) sends no GET check")
            }
            context.logger.info("answered endpoint check", metadata: ["provider": "\(name)"])
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        } catch {
            context.logger.warning("refused endpoint check", metadata: ["provider": "\(name)", "reason": "\(error)"])
            return JSONResponse.error(.init(code: error.httpStatus), error.description)
        }
    }

    /// What the provider is answered, and what the log line and metrics say of it.
    struct Answer {
        var response: Response
        /// stored, duplicate, rejected, kept_undecodable or unavailable.
        var outcome: String
        /// Why, for a refusal: bad_signature, stale, too_large…; for a 200, empty.
        var reason = ""
        var detail: String? = nil
        var eventIDs: [String] = []

        static func refused(_ status: HTTPResponse.Status, _ message: String, reason: String, outcome: String = "rejected") -> Answer {
            Answer(response: JSONResponse.error(status, message), outcome: outcome, reason: reason, detail: message)
        }
    }

    /// One line a webhook, whatever became of it, and its metrics.
    func report(_ answer: Answer, provider: String, duration: Duration, logger: Logger) {
        metrics.webhook(provider: provider, outcome: answer.outcome, reason: answer.reason, duration: duration)
        let level: Logger.Level =
            answer.outcome == "unavailable" || answer.outcome == "kept_undecodable" ? .error : answer.outcome == "rejected" ? .warning : .info
        // Built only when the line is written: this runs for every webhook.
        guard level >= logger.logLevel else { return }
        var metadata: Logger.Metadata = [
            "provider": "\(provider)", "outcome": "\(answer.outcome)", "http.status": "\(answer.response.status.code)",
            "duration.ms": "\(Self.millisecondsText(duration))",
        ]
        if !answer.eventIDs.isEmpty { metadata["event.id"] = "\(answer.eventIDs.joined(separator: ","))" }
        if !answer.reason.isEmpty { metadata["reason"] = "\(answer.reason)" }
        if let detail = answer.detail { metadata["detail"] = "\(detail)" }
        logger.log(level: level, "webhook", metadata: metadata)
    }

    /// `12.3`: tenths of a millisecond, in integers (`String(format:)` is Foundation's and slow).
    static func millisecondsText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        // At most a day: a longer request is not one, and the sum then cannot overflow.
        let tenths = min(max(seconds, 0), 86_400) * 10_000 + (max(attoseconds, 0) + 50_000_000_000_000) / 100_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    func receive(_ request: Request, context: BridgeRequestContext, name: String, mounted: MountedProvider?) async throws -> Answer {
        let logger = context.logger
        guard let mounted else {
            // Echoed only when it looks like a provider's name: the path is anyone's text.
            let shown = name.utf8.count <= 40 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            return .refused(
                .notFound, shown ? "no provider '\(name)' is configured here" : "no provider of that name is configured here",
                reason: "unknown_provider")
        }
        let provider = mounted.provider
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return .refused(.contentTooLarge, "body of \(length) bytes is over the limit of \(maxBodyBytes)", reason: "too_large")
        }
        if let type = request.headers[.contentType], !(MediaType(contentType: type).map(provider.accepts.contains) ?? false) {
            let accepted = provider.accepts.map(\.description).sorted().joined(separator: " or ")
            return .refused(.unsupportedMediaType, "content type '\(type)' is not \(accepted)", reason: "content_type")
        }
        let body: [UInt8]
        let hold = UnverifiedBytesBudget.Hold(budget, peer: context.peer)
        // Given back once verified, and on every early answer.
        defer { hold.giveBack() }
        do {
            // A declared length is taken whole before a byte is read: a sender past the budget is
            // answered at once, before its body fills the connection's buffers.
            let declared = request.headers[.contentLength].flatMap(Int.init)
            if let declared { try hold.cover(declared) }
            body = try await collectBody(of: request, declared: declared, holding: hold, timingOn: context.eventLoop)
        } catch {
            // What is left of the body is not read on: the connection closes after the answer.
            var answer = try refusal(ofBody: error)
            answer.response.headers[.connection] = "close"
            return answer
        }
        var headerPairs: [(name: String, value: String)] = []
        for field in request.headers {
            headerPairs.append((field.name.canonicalName, field.value))
        }
        let headers = WebhookHeaders(headerPairs)
        let now = Date()
        do {
            try provider.verify(body: body, headers: headers, now: now)
        } catch {
            return .refused(.init(code: error.httpStatus), error.description, reason: error.reason)
        }
        // Verified: the provider's bytes now, no longer a stranger's.
        hold.giveBack()
        let kept = Dictionary(
            headerPairs.filter { !Self.unkeptHeaders.contains($0.name) }.map { ($0.name, $0.value) },
            uniquingKeysWith: { "\($0),\($1)" })
        let envelopes: [EventEnvelope]
        do {
            envelopes = try provider.envelopes(body: body, headers: headers)
            guard !envelopes.isEmpty else { throw PayloadError("no event in the request") }
            // Ids are kept whole or not at all: SQLite and logs would cut or split them at a
            // NUL or a line break, making two events one or forging a log line.
            for envelope in envelopes {
                for (what, text) in [("id", envelope.id), ("type", envelope.type)] where text.isEmpty || text.holdsControlCharacter {
                    throw PayloadError("the event \(what) \(text.debugDescription) is empty or holds a control character")
                }
            }
        } catch {
            // Verified, so it is the provider's; kept aside for inspection, never dropped.
            do {
                let row = try await store.keepUndecodable(
                    provider: provider.id, body: body, headers: kept, problem: "\(error)", at: now)
                logger.error("verified webhook has no readable envelope; kept", metadata: ["provider": "\(name)", "row": "\(row)", "error": "\(error)"])
            } catch let storeError {
                logger.error("could not keep an undecodable webhook", metadata: ["error": "\(storeError)"])
                return .refused(.serviceUnavailable, "the store cannot commit right now; retry later", reason: "store", outcome: "unavailable")
            }
            return .refused(
                .badRequest, "signature verified, but the body is not a \(name) event: \(error)", reason: "undecodable",
                outcome: "kept_undecodable")
        }
        // Every event of the request is stored before the answer; a failure answers 503 so that
        // the provider sends the whole request again (those stored already are duplicates then).
        var statuses: [String] = []
        for envelope in envelopes {
            let metadata: Logger.Metadata = ["provider": "\(name)", "event.id": "\(envelope.id)", "event.type": "\(envelope.type)"]
            let result: ReceiveResult
            do {
                result = try await store.receive(
                    IncomingEvent(provider: provider.id, envelope: envelope, body: envelope.body ?? body, headers: kept, receivedAt: now))
            } catch {
                logger.error("could not store webhook; answering 503 so the provider retries", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                var answer = Answer.refused(.serviceUnavailable, "the store cannot commit right now; retry later", reason: "store", outcome: "unavailable")
                answer.eventIDs = envelopes.map(\.id)
                return answer
            }
            switch result {
            case .stored(let row):
                logger.debug("stored webhook", metadata: metadata.merging(["row": "\(row)"]) { $1 })
                statuses.append("stored")
            case .duplicate(let row):
                logger.debug("duplicate webhook; already stored", metadata: metadata.merging(["row": "\(row)"]) { $1 })
                statuses.append("duplicate")
            }
        }
        if statuses.contains("stored") { inbox.ring() }
        let ids = envelopes.map(\.id)
        let stored = statuses.filter { $0 == "stored" }.count
        if provider.acknowledgesEventIDs {
            // Every event stored now or before is taken: its id goes back, one per line.
            return Answer(
                response: Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: ids.joined(separator: "\n") + "\n"))),
                outcome: stored > 0 ? "stored" : "duplicate", eventIDs: ids)
        }
        guard envelopes.count > 1 else {
            return Answer(
                response: JSONResponse.make(.ok, ["status": statuses[0], "event_id": envelopes[0].id]), outcome: statuses[0], eventIDs: ids)
        }
        let outcome = stored > 0 ? "stored" : "duplicate"
        return Answer(
            response: JSONResponse.make(.ok, ["status": outcome, "events": "\(envelopes.count)", "stored": "\(stored)"]), outcome: outcome,
            eventIDs: ids)
    }

    /// The answer to a body that could not be taken whole; any other error is rethrown.
    func refusal(ofBody error: any Error) throws -> Answer {
        switch error {
        case is BodyTooLarge:
            return .refused(.contentTooLarge, "body is over the limit of \(maxBodyBytes) bytes", reason: "too_large")
        case is BodyTimeout:
            return .refused(.requestTimeout, "the body did not arrive within \(bodyTimeout)", reason: "timeout")
        case UnverifiedBytesBudget.Refusal.full:
            var answer = Answer.refused(
                .serviceUnavailable, "too many unverified bytes are held right now; send again shortly", reason: "busy", outcome: "unavailable")
            answer.response.headers[.retryAfter] = "5"
            return answer
        case UnverifiedBytesBudget.Refusal.peerFull:
            var answer = Answer.refused(
                .tooManyRequests, "this peer holds its share of unverified bytes; send again once its other requests are answered",
                reason: "peer_busy")
            answer.response.headers[.retryAfter] = "5"
            return answer
        default:
            throw error
        }
    }

    /// The whole body, up to the size limit, within the body timeout, each chunk taken from the
    /// budget for unverified bytes as it arrives.
    func collectBody(of request: Request, declared: Int?, holding hold: UnverifiedBytesBudget.Hold, timingOn eventLoop: any EventLoop)
        async throws -> [UInt8]
    {
        let limit = maxBodyBytes
        let timeout = bodyTimeout
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                var body: [UInt8] = []
                // Held already: one allocation of the declared size, not a doubling array's two.
                if let declared { body.reserveCapacity(min(declared, limit)) }
                for try await chunk in request.body {
                    guard chunk.readableBytes <= limit - body.count else { throw BodyTooLarge() }
                    try hold.cover(body.count + chunk.readableBytes)
                    body.append(contentsOf: chunk.readableBytesView)
                }
                return body
            }
            group.addTask {
                try await EventLoopSleep.sleep(for: timeout, on: eventLoop)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else { throw BodyTimeout() }
            return body
        }
    }
}

struct BodyTimeout: Error {}
struct BodyTooLarge: Error {}
