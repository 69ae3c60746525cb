import Foundation

/// This process as claims name it: host and process id, so that an operator can tell which
/// replica holds a delivery.
enum ProcessIdentity {
    static let name = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
}
