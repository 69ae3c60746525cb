@testable import BridgeCore
import Foundation
import Testing

/// A batch's events are cut out byte for byte: strings holding brackets, quotes and escapes,
/// nested lists and numbers stay as written, and a body that is not an object with the list is
/// an error naming what was expected.
struct JSONArraySlicesTests {
    static func slices(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        return try JSONArraySlices.elements(of: "events", in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func eachElementIsCutAsWritten() throws {
        let first = #"{"id":"a]\"},{","total":19.990,"items":[[1,2],{"x":"\\"}]}"#
        let second = #"{"id":"b","note":"\u00e9 \ud83d\ude00"}"#
        #expect(try Self.slices(#" { "before" : [ {"events":[9]} ], "events" : [ "# + first + " ,\n\t" + second + #" ], "after": {} } "#)
            == [first, second])
        #expect(try Self.slices(#"{"events":[]}"#) == [])
        #expect(try Self.slices(#"{"events":["x",12,true,null]}"#) == [#""x""#, "12", "true", "null"])
    }

    @Test(arguments: [
        ("[]", "not a JSON object"), (#"{"other":[]}"#, "no events list"), (#"{"events":{}}"#, "events is not a list"),
        (#"{"events":[{"id":"a"}"#, "events is not JSON"), (#"{"events":[{"id":"a}]}"#, "is not JSON"), ("", "not a JSON object"),
        (#"{"events":[1,]}"#, "events[1] is not JSON"),
        (String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "not a JSON object"),
        (#"{"events":["# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "]}", "events[0] is not JSON"),
    ])
    func anythingElseNamesWhatWasExpected(_ text: String, _ problem: String) {
        #expect {
            _ = try Self.slices(text)
        } throws: { error in
            "\(error)".contains(problem)
        }
    }
}
