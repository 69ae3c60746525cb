import Testing

@testable import BridgeCore

/// Slots `interval` apart; a late worker may take one of the last ten unused, never an older one.
@Suite struct PaceRuleTests {
    let rule = PaceRule(intervalMilliseconds: 3)

    @Test func slotsFollowEachOtherIntervalApart() {
        var stored: Int64? = nil
        var slots: [Int64] = []
        for _ in 0..<4 {
            let (slot, next) = rule.reserve(storedNext: stored, now: 1_000)
            slots.append(slot)
            stored = next
        }
        #expect(slots == [1_000, 1_003, 1_006, 1_009])
    }

    @Test func aLateWorkerTakesAnUnusedSlotButNoneOlderThanTen() {
        // The next free slot went unused 6 ms ago: taken, so the pace holds on average.
        #expect(rule.reserve(storedNext: 994, now: 1_000) == (994, 997))
        // An hour idle: at most ten slots back, so any window holds its share plus ten.
        #expect(rule.reserve(storedNext: 0, now: 3_600_000) == (3_600_000 - 30, 3_600_000 - 27))
    }

    @Test func aHoldOffInTheFutureStands() {
        #expect(rule.reserve(storedNext: 61_000, now: 1_000) == (61_000, 61_003))
    }

    @Test func anyWindowHoldsItsShareAndTheCatchUpAtMost() {
        // Workers all arriving after a long idle spell, at one instant: 11 at once, then the pace.
        var stored: Int64? = 0
        var slots: [Int64] = []
        for _ in 0..<100 {
            let (slot, next) = rule.reserve(storedNext: stored, now: 1_000_000)
            slots.append(slot)
            stored = next
        }
        let sent = slots.map { max($0, 1_000_000) }
        #expect(sent.filter { $0 == 1_000_000 }.count == 11)
        #expect(zip(sent.dropFirst(11), sent.dropFirst(10)).allSatisfy { $0 - $1 == 3 })
    }

    @Test func storedValuesNearTheEdgesSaturate() {
        #expect(rule.reserve(storedNext: .max, now: 0) == (.max, .max))
    }
}

extension PaceRuleTests {
    @Test func aCallMoreThanTenSlotsPastItsOwnIsLate() {
        #expect(!rule.isLate(slot: 1_000, now: 1_000))
        #expect(!rule.isLate(slot: 1_000, now: 1_030))
        #expect(rule.isLate(slot: 1_000, now: 1_031))
        // A slot in the future is never late; one near the edges does not trap.
        #expect(!rule.isLate(slot: .max, now: 0))
        #expect(rule.isLate(slot: .min, now: 1))
    }
}
