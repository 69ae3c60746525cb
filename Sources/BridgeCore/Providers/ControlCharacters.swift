extension StringProtocol {
    /// A C0 control character or DEL: SQLite and C strings end a text at a NUL, and a log line
    /// ends at a line break, so an id holding one is refused rather than cut.
    public var holdsControlCharacter: Bool {
        unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
