import Foundation
import NIOCore
import PostgresNIO

/// A statement built piece by piece: SQL text with `$n` placeholders and their values, for the
/// queries whose filters vary (the operator's searches, a batch's `IN` lists).
struct PostgresStatement {
    private(set) var sql: String
    private var bindings = PostgresBindings()

    init(_ sql: String = "") { self.sql = sql }

    /// Binds a value and returns its placeholder.
    mutating func bind(_ value: some PostgresNonThrowingEncodable & Sendable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    mutating func bind(_ value: (some PostgresNonThrowingEncodable & Sendable)?) -> String {
        if let value { bindings.append(value) } else { bindings.appendNull() }
        return "$\(bindings.count)"
    }

    mutating func append(_ text: String) { sql += text }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}

/// SQL the PostgreSQL store shares between its statements.
enum PostgresSQL {
    /// The database's clock in milliseconds: leases are timed by it, never by a replica's.
    static let nowMillis = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
    /// The channel on which replicas tell each other that work was stored or queued.
    static let workChannel = "bridge_work"
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func bytes(_ column: String) throws -> [UInt8] {
        Array(try self[column].decode(ByteBuffer.self).readableBytesView)
    }
}

extension PostgresRowSequence {
    /// Every row, random access by column name.
    func rows() async throws -> [PostgresRandomAccessRow] {
        try await collect().map { $0.makeRandomAccess() }
    }
}
