import Foundation
import Testing

@testable import BridgeService

/// What is written by hand for every webhook, because Foundation's formatters cost too much, says
/// exactly what Foundation would.
@Suite struct HandWrittenTextTests {
    @Test func logTimestampsAreFoundationsISO8601InUTC() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
        // Leap day, year ends, a millisecond of 0 and of 999, the epoch.
        for (seconds, milliseconds) in [(0, 0), (951_782_400, 7), (1_709_164_799, 999), (1_798_761_599, 500), (4_102_444_800, 1)] {
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000 + 0.0001)
            #expect(LogTimestamp.text(seconds: seconds, milliseconds: milliseconds) == style.format(date))
        }
        let now = LogTimestamp.now()
        #expect(now.utf8.count == 24 && now.hasSuffix("Z"))
    }

    @Test func headerObjectsDecodeBackToTheSameHeaders() throws {
        let headers = [
            "stripe-signature": "t=1,v1=ab", "content-type": "application/json", "x-quoted": "a \"b\" \\ c",
            "x-control": "line\nbreak\u{0}\u{7F}\u{2028}", "x-unicode": "café ✓", "": "",
        ]
        let text = JSONText.object(headers)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == headers)
        #expect(!text.contains("\n"))
        // Keys sorted, as the encoder sorted them.
        #expect(JSONText.object(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }

    @Test func durationsAreWrittenInTenthsOfAMillisecond() {
        #expect(WebhookController.millisecondsText(.microseconds(1234)) == "1.2")
        #expect(WebhookController.millisecondsText(.microseconds(1250)) == "1.3")
        #expect(WebhookController.millisecondsText(.seconds(2)) == "2000.0")
        #expect(WebhookController.millisecondsText(.zero) == "0.0")
    }
}
