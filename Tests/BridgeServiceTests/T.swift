import Testing
@Test func t2() { #expect(true) }
