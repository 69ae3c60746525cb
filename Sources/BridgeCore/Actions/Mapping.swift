/// What a mapper makes of one event: the actions for FirstPromoter and the facts to remember.
public struct Mapping: Sendable, Equatable {
    public var actions: [Action]
    public var facts: [Fact]

    public init(actions: [Action], facts: [Fact] = []) {
        self.actions = actions
        self.facts = facts
    }

    public static func ignored(_ reason: String, facts: [Fact] = []) -> Mapping {
        Mapping(actions: [.ignored(reason: reason)], facts: facts)
    }
}
