import BridgeCore

/// Proves the key and base URL with one call that changes nothing: a cancellation naming no
/// customer. FirstPromoter checks the key first, then refuses the call as incomplete (400 or
/// 422): that answer means the key works. 401 or 403 means it does not.
public enum FirstPromoterProbe {
    public struct Verdict: Sendable, CustomStringConvertible {
        public var works: Bool
        public var description: String
    }

    public static func run(_ api: any FirstPromoterAPI) async -> Verdict {
        let call = FirstPromoterCall(endpoint: .cancellation, eventID: "billing-bridge-check", parameters: [])
        let answer: FirstPromoterAnswer
        do {
            answer = try await api.send(call)
        } catch {
            return Verdict(works: false, description: "no answer from the base URL: \(error)")
        }
        switch answer.status {
        case 400, 422: return Verdict(works: true, description: "the key works (HTTP \(answer.status) to a call naming no customer, as expected)")
        case 401, 403: return Verdict(works: false, description: "the key was refused (HTTP \(answer.status)): \(answer.body)")
        case 200..<300: return Verdict(works: true, description: "the key works (HTTP \(answer.status))")
        default: return Verdict(works: false, description: "unexpected HTTP \(answer.status): \(answer.body)")
        }
    }
}
