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

    /// A signup's 422 means the lead already has one (success); its 404, a visitor FirstPromoter
    /// never saw: recorded, not retried. Other endpoints keep their meaning for both.
    @Test func signupAnswers() {
        #expect(AnswerClassification.classify(status: 422, endpoint: .signup) == .delivered(outcome: .alreadySignedUp))
        #expect(AnswerClassification.classify(status: 404, endpoint: .signup) == .delivered(outcome: .unknownVisitor))
        #expect(AnswerClassification.classify(status: 200, endpoint: .signup) == .delivered(outcome: .tracked))
        #expect(AnswerClassification.classify(status: 429, endpoint: .signup) == .retry(reason: "HTTP 429"))
        #expect(AnswerClassification.classify(status: 422, endpoint: .sale) == .dead(reason: "HTTP 422"))
        #expect(AnswerClassification.classify(status: 404, endpoint: .refund) == .dead(reason: "HTTP 404"))
    }

    /// However a taxed sale is refunded, in however many steps and with whatever rounding, its
    /// refunds never add up to more than the sale, and a full refund gives back exactly the sale.
    @Test(arguments: [
        (8000, 9600, [1, 1, 1, 4797, 4800]), (1, 4, [1, 1, 1, 1]), (999, 1000, [500, 500]), (192000, 211200, [50000, 161200]),
        (5000, 5950, [3333, 3333]), (100, 121, [7, 7, 7, 7, 7, 7, 7, 72]),
    ])
    func taxedRefundsNeverExceedTheSale(_ amount: Int, _ charged: Int, _ steps: [Int]) async throws {
        var memory = InMemoryBridgeMemory()
        try memory.apply([.saleRecorded(SaleRecord(eventID: "in_1", uid: "cus_1", email: nil, currency: "USD", amount: amount, charged: charged))])
        var sent = 0
        for (index, step) in steps.enumerated() {
            let refund = RefundParameters(uid: "cus_1", eventID: "re_\(index)", amount: .exact(step), saleEventID: "in_1")
            let resolver = ActionResolver(memory: memory, clock: .lapsed(receivedAt: Date()), holds: HoldRules())
            guard case .decided(let planned, let facts) = try await resolver.resolve(Mapping(actions: [.refund(refund)])) else {
                Issue.record("a linked refund waited")
                return
            }
            if case .call(let call) = planned.first { sent += Int(try #require(call.value(of: "amount"))) ?? 0 }
            try memory.apply(facts)
        }
        #expect(sent <= amount)
        if steps.reduce(0, +) >= charged { #expect(sent == amount) }
    }

    @Test func theScheduleRunsItsDelaysThenRepeatsTheLastWithJitterAndHonoursRetryAfter() throws {
        let schedule = try RetrySchedule(schedule: "10s,1m,5m,30m,2h,6h", giveUpAfter: "72h")
        #expect(schedule.delaysMilliseconds == [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000])
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0) == 10_000)
        #expect(schedule.delayMilliseconds(afterAttempt: 3, jitter: 0) == 300_000)
        #expect(schedule.delayMilliseconds(afterAttempt: 40, jitter: 0) == 21_600_000)
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: -1) == 9000)
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0.5) == 10_500)
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0, retryAfterSeconds: 30) == 30_000)
        // A Retry-After far in the future is capped at the longest delay, and never overflows.
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0, retryAfterSeconds: 99_999) == 21_600_000)
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0, retryAfterSeconds: Int.max) == 21_600_000)
        #expect(schedule.delayMilliseconds(afterAttempt: 1, jitter: 0, retryAfterSeconds: -5) == 10_000)
    }

    /// The default outlasts a three-day FirstPromoter outage, then gives up: a dead letter.
    @Test func theDefaultScheduleOutlastsALongOutageThenGivesUp() throws {
        let schedule = try RetrySchedule(schedule: RetrySchedule.defaultSchedule, giveUpAfter: RetrySchedule.defaultGiveUpAfter)
        let queued = Date(timeIntervalSince1970: 0)
        var now = queued
        var attempts = 1
        while let next = schedule.nextAttempt(afterAttempt: attempts, queuedAt: queued, now: now, jitter: 0) {
            now = next
            attempts += 1
        }
        #expect(now.timeIntervalSince(queued) > 66 * 3600 && now.timeIntervalSince(queued) <= 72 * 3600, "\(now)")
        #expect(attempts == 17, "attempts: \(attempts)")
    }

    @Test(arguments: ["", "10", "1w", "s", "-5s", "0s", "99999999999999999d", "1.5s"])
    func aDurationThatIsNotOneIsRefusedByName(_ text: String) {
        #expect(throws: DurationError.self) { try RetrySchedule(schedule: text, giveUpAfter: "1h") }
    }

    @Test func aRedirectIsADeadLetterNeverFollowed() {
        guard case .dead(let reason) = AnswerClassification.classify(status: 307) else {
            Issue.record("a 307 is not a dead letter")
            return
        }
        #expect(reason.contains("not followed"))
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
        let resolution = try await ActionResolver.standalone(Mapping(actions: [.sale(sale)]), receivedAt: Date(), holds: HoldRules())
        guard case .decided(let planned, _) = resolution, case .call(let call) = try #require(planned.first) else {
            Issue.record("\(resolution)")
            return
        }
        #expect(call.path == "/api/v1/track/sale")
        #expect(call.formBody == "email=a%40example.com&event_id=in_1&amount=500&currency=USD&mrr=500&created_at=1970-01-01T00%3A00%3A00Z")
    }
}
