import Testing

@testable import BridgeCore

/// The scanner checks UTF-8 by hand (eight ASCII bytes at a time, RFC 3629's table otherwise): it
/// must accept exactly what Swift's own validation accepts, wherever the sequence falls against
/// the eight-byte steps.
@Suite struct JSONFieldScannerUTF8Tests {
    /// `{"a":"` + padding + the bytes + `"}`: scanned only if the bytes are valid UTF-8.
    static func scans(_ bytes: [UInt8], padding: Int) -> Bool {
        let body = Array(#"{"a":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: padding) + bytes + Array(#""}"#.utf8)
        return JSONFieldScanner.topLevel(body, wanted: ["a"]) != nil
    }

    static func valid(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Bytes that cannot end a JSON string early: quotes, backslashes and controls are the
    /// string scanner's business, not the UTF-8 check's.
    static let inString: [UInt8] = (0x20...0xFF).map(UInt8.init).filter { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }

    @Test(arguments: [0, 3, 7])
    func everyPairOfBytesAgreesWithSwift(padding: Int) {
        var disagreements: [[UInt8]] = []
        for first in Self.inString {
            for second in Self.inString where Self.scans([first, second], padding: padding) != Self.valid([first, second]) {
                disagreements.append([first, second])
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func everyLeadOfThreeAndFourBytesAgreesWithSwift() {
        // Second bytes around each lead's range edges; later bytes continuation or not.
        let seconds: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
        let others: [UInt8] = [0x41, 0x80, 0xBF, 0xC0]
        var disagreements: [[UInt8]] = []
        for lead in UInt8(0xC0)...UInt8(0xFF) {
            for second in seconds {
                for third in others {
                    for fourth in others {
                        for bytes in [[lead, second, third], [lead, second, third, fourth]]
                        where Self.scans(bytes, padding: 1) != Self.valid(bytes) {
                            disagreements.append(bytes)
                        }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func aTruncatedSequenceAtTheEndIsRefused() {
        for bytes: [UInt8] in [[0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3]] {
            let body = Array(#"{"a":"x"}"#.utf8) + bytes
            #expect(JSONFieldScanner.topLevel(body, wanted: ["a"]) == nil)
        }
        #expect(Self.scans(Array("€ and 😀 and é".utf8), padding: 5))
    }
}
