import BridgeCore
import Foundation
import NIOCore
import PostgresNIO

/// PostgreSQL could not be reached, or refused: says where and why, never with the password.
/// postgres-nio keeps its errors' text vague on purpose; this reads their parts.
public struct PostgresUnavailable: Error, CustomStringConvertible {
    public var server: String
    public var problem: String
    public var description: String { "PostgreSQL at \(server): \(problem)" }

    init(server: String, _ error: any Error) {
        self.server = server
        problem = Self.describe(error)
    }

    init(server: String, problem: String) {
        self.server = server
        self.problem = problem
    }

    /// The store's own errors (a lost claim, changed memory, a bad row) as they are; anything else
    /// from PostgreSQL as `PostgresUnavailable`. A transaction's error is the one that failed it.
    static func classify(_ error: any Error, server: String) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            if let failed = transaction.beginError ?? transaction.commitError ?? transaction.rollbackError {
                return PostgresUnavailable(server: server, failed)
            }
            if let closure = transaction.closureError { return classify(closure, server: server) }
        }
        switch error {
        case is ClaimLost, is MemoryChanged, is StoreRowError, is MemoryError, is PostgresUnavailable, is CancellationError, is StoreClosed:
            return error
        default:
            return PostgresUnavailable(server: server, error)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let unavailable = error as? PostgresUnavailable { return unavailable.problem }
        if let transaction = error as? PostgresTransactionError,
            let failed = transaction.beginError ?? transaction.commitError ?? transaction.rollbackError ?? transaction.closureError
        {
            return describe(failed)
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let message = info[.message] ?? "an error"
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return "the server said: \(message)\(detail)\(state)"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Whether a transaction failed on a statement the server refused (rolled back cleanly), not
    /// on the connection or its BEGIN, COMMIT or ROLLBACK.
    static func statementRefused(_ error: any Error) -> Bool {
        guard let transaction = error as? PostgresTransactionError,
            transaction.beginError == nil, transaction.commitError == nil, transaction.rollbackError == nil,
            let failed = transaction.closureError as? PSQLError
        else { return false }
        return failed.serverInfo != nil
    }

    /// SQLSTATE of a server error, if it is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
