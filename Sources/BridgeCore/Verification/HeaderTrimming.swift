extension StringProtocol {
    /// Without leading and trailing spaces and tabs (the scalars Foundation's `.whitespaces`
    /// trims), as a slice: no copy and no `CharacterSet`, which cost more than the HMAC on
    /// every signature header.
    var trimmingSpaces: SubSequence {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return self[start..<end]
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
    }
}
