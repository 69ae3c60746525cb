/// One provider's choices of which payload figure a sale sends (`amount.basis` in its mapping
/// file): an enum of its own, so that its mapper switches over its cases instead of comparing
/// strings, and a choice it does not handle fails to compile.
public protocol AmountBasisChoice: RawRepresentable<String>, CaseIterable, Sendable {}

/// The basis a mapping file chose, checked against its provider's choices when the file loads
/// (`MappingSchema.amountBases`). A mapper reads it back as its own enum (`choice`); a name that
/// is not one of that enum's (rules built for another provider) is an error, never a default.
public struct AmountBasis: Sendable, Equatable, CustomStringConvertible {
    public let name: String

    public init<Choice: AmountBasisChoice>(_ choice: Choice) {
        name = choice.rawValue
    }

    /// A name the loader has already found among the schema's choices.
    init(checkedName: String) {
        name = checkedName
    }

    public func choice<Choice: AmountBasisChoice>(_: Choice.Type) throws -> Choice {
        guard let choice = Choice(rawValue: name) else { throw AmountBasisMismatch(name: name, choices: Choice.allCases.map(\.rawValue)) }
        return choice
    }

    public var description: String { name }
}

/// Mapping rules that name a basis the mapper does not know: rules of another provider's.
public struct AmountBasisMismatch: Error, CustomStringConvertible {
    public var name: String
    public var choices: [String]
    public var description: String {
        "the mapping rules name amount basis '\(name)', which this provider does not know (it knows \(choices.joined(separator: ", ")))"
    }
}
