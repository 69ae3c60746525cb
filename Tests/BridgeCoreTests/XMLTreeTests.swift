import BridgeCore
import Foundation
import Testing

/// The small XML reader providers' payloads go through, and its JSON view.
@Suite struct XMLTreeTests {
    func json(_ xml: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(XMLTreeParser.parse(Array(xml.utf8)).json()))
    }

    @Test func typesDecideTheJSON() throws {
        let value = try json("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <invoice>
              <total-in-cents type="integer">-3295</total-in-cents>
              <amount>49.99</amount>
              <closed_at nil="true"></closed_at>
              <test type="boolean">true</test>
              <subscription_ids type="array"><subscription_id>a</subscription_id><subscription_id>b</subscription_id></subscription_ids>
              <empty type="array"/>
              <note><![CDATA[<b>&</b>]]> &amp; &lt;ok&gt; &#233;&#x41;</note>
              <line>1</line><line>2</line>
            </invoice>
            """) as? [String: Any]
        let invoice = try #require(value?["invoice"] as? [String: Any])
        #expect(invoice["total_in_cents"] as? Int == -3295)
        #expect(invoice["amount"] as? String == "49.99")
        #expect(invoice["closed_at"] is NSNull)
        #expect(invoice["test"] as? Bool == true)
        #expect(invoice["subscription_ids"] as? [String] == ["a", "b"])
        #expect((invoice["empty"] as? [Any])?.isEmpty == true)
        #expect(invoice["note"] as? String == "<b>&</b> & <ok> éA")
        #expect(invoice["line"] as? [String] == ["1", "2"])
    }

    @Test(arguments: [
        ("<a>", "never closed"), ("<a></b>", "closes <a>"), ("<a/><b/>", "second root"), ("text", "outside the root"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE"), ("<a>&bogus;</a>", "unknown entity"),
        ("<a b=c/>", "not quoted"), ("", "no root element"), ("<a><!-- x</a>", "comment is never closed"),
    ])
    func malformedXMLIsAnErrorThatSaysWhere(_ xml: String, _ fragment: String) {
        do {
            _ = try XMLTreeParser.parse(Array(xml.utf8))
            Issue.record("accepted \(xml)")
        } catch {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func depthIsCappedWithoutRecursion() {
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(throws: XMLParseError.self) { try XMLTreeParser.parse(Array(deep.utf8)) }
        let allowed = String(repeating: "<a>", count: XMLTreeParser.maxDepth) + String(repeating: "</a>", count: XMLTreeParser.maxDepth)
        #expect(throws: Never.self) { try XMLTreeParser.parse(Array(allowed.utf8)).json() }
    }

    @Test func anIntegerThatIsNotOneIsAnError() {
        #expect(throws: XMLParseError.self) { try XMLTreeParser.parse(Array("<a type=\"integer\">1.5</a>".utf8)).json() }
    }
}
