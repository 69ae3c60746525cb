import BridgeCore
import Foundation
import Testing

@Suite struct DeliveryRulesTests {
    @Test(arguments: [
        (200, AnswerClassification.delivered(outcome: .tracked)), (201, .delivered(outcome: .tracked)),
        (204, .delivered(outcome: .notReferral)), (409, .delivered(outcome: .duplicate)),
        (429, .retry(reason: "HTTP 429")), (500, .retry(reason: "HTTP 500")), (503, .retry(reason: "HTTP 503")),
        (408, .retry(reason: "HTTP 408")), (400, .dead(reason: "HTTP 400")), (401, .dead(reason: "HTTP 401")),
        (403, .dead(reason: "HTTP 403")), (422, .dead(reason: "HTTP 422")),
    ])
    func answersAreClassifiedAsTheReferenceSays(_ status: Int, _ expected: AnswerClassification) {
        #expect(AnswerClassification.classify(status: status) == expected)
    }

    @Test func backoffDoublesUpToTheCapWithJitterAndHonoursRetryAfter() {
        let backoff = RetryBackoff(baseMilliseconds: 1000, maxMilliseconds: 60_000)
        #expect(backoff.delayMilliseconds(afterAttempt: 1, jitter: 0) == 1000)
        #expect(backoff.delayMilliseconds(afterAttempt: 2, jitter: 0) == 2000)
        #expect(backoff.delayMilliseconds(afterAttempt: 4, jitter: 0) == 8000)
        #expect(backoff.delayMilliseconds(afterAttempt: 40, jitter: 0) == 60_000)
        #expect(backoff.delayMilliseconds(afterAttempt: 2, jitter: -0.5) == 1000)
        #expect(backoff.delayMilliseconds(afterAttempt: 2, jitter: 0.25) == 2500)
        #expect(backoff.delayMilliseconds(afterAttempt: 1, jitter: 0, retryAfterSeconds: 30) == 30_000)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:29:00 GMT", now: now) == 60)
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: nil, now: now) == nil)
    }

    @Test func formBodyEncodesEveryReservedCharacter() {
        let body = FormField.encode([
            FormField("email", "a+b@example.com"), FormField("plan", "Gold & Silver/yr"), FormField("tid", "é=1"),
        ])
        #expect(body == "email=a%2Bb%40example.com&plan=Gold%20%26%20Silver%2Fyr&tid=%C3%A9%3D1")
    }

    @Test func saleFieldsComeInAFixedOrderWithoutEmptyOnes() async throws {
        let sale = SaleParameters(
            email: "a@example.com", uid: "", eventID: "in_1", amount: 500, currency: "USD", mrr: .known(500),
            createdAt: Date(timeIntervalSince1970: 0))
        let planned = try await ActionResolver.resolve([.sale(sale)], memory: InMemoryBridgeMemory())
        guard case .call(let call) = try #require(planned.first) else { Issue.record("\(planned)"); return }
        #expect(call.path == "/api/v1/track/sale")
        #expect(call.formBody == "email=a%40example.com&event_id=in_1&amount=500&currency=USD&mrr=500&created_at=1970-01-01T00%3A00%3A00Z")
    }
}
