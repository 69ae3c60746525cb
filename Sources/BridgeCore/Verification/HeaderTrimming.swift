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

extension StringProtocol {
    /// The pieces between occurrences of an ASCII `separator`, found in the bytes: splitting on a
    /// `Character` walks grapheme clusters, and cost as much as the HMAC on a signature header.
    func pieces(separatedBy separator: Character, omittingEmpty: Bool = true) -> [SubSequence] {
        guard let byte = separator.asciiValue else {
            return split(separator: separator, omittingEmptySubsequences: omittingEmpty)
        }
        var pieces: [SubSequence] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            if utf8[index] == byte {
                if !omittingEmpty || start < index { pieces.append(self[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if !omittingEmpty || start < endIndex { pieces.append(self[start..<endIndex]) }
        return pieces
    }
}
