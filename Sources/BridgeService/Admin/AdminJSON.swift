import Foundation
import Hummingbird

/// JSON in and out of the admin API: dates as ISO 8601, keys sorted, pages with a cursor.
enum AdminJSON {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        /// Pass as `before` for the next page; absent on the last one.
        var next: Int64?
    }

    static func page<Item: Encodable>(_ items: [Item], limit: Int, cursor: Int64?) throws -> Response {
        try response(Page(items: items, next: items.count == limit ? cursor : nil))
    }

    /// A small JSON body (64 KiB at most), decoded or refused with 400 naming what was wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: BridgeRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: 64 << 10)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not the JSON this call takes: \(error)")
        }
    }
}

/// The query string of an admin call, read strictly: a bad value is a 400 that names it.
struct AdminQuery {
    private var values: [String: String] = [:]

    init(_ request: Request) {
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
    }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    func integer(_ name: String) throws -> Int64? {
        guard let text = self[name] else { return nil }
        guard let value = Int64(text) else { throw HTTPError(.badRequest, message: "\(name)='\(text)' is not a whole number") }
        return value
    }

    func limit(default fallback: Int = 50) throws -> Int {
        guard let value = try integer("limit") else { return fallback }
        guard (1...1000).contains(value) else { throw HTTPError(.badRequest, message: "limit must be from 1 to 1000") }
        return Int(value)
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = self[name] else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.badRequest, message: "\(name)='\(text)' is not one of \(allowed)")
        }
        return value
    }

    func date(_ name: String) throws -> Date? {
        guard let text = self[name] else { return nil }
        do {
            return try Date(text, strategy: .iso8601)
        } catch {
            throw HTTPError(.badRequest, message: "\(name)='\(text)' is not an ISO 8601 time such as 2026-11-26T08:00:00Z")
        }
    }
}
