import BridgeCore
import Testing

struct MediaTypeTests {
    @Test(arguments: [
        ("application/json", MediaType.json), ("application/json; charset=utf-8", .json), ("  Application/JSON \t; charset=UTF-8", .json),
        ("application/vnd.api+json", .json), ("application/x-www-form-urlencoded", .form), ("APPLICATION/X-WWW-FORM-URLENCODED;charset=utf-8", .form),
        ("text/xml", .xml), ("application/xml", .xml), ("application/atom+xml; q=1", .xml),
    ])
    func aTypeProvidersSendIsRead(header: String, type: MediaType) {
        #expect(MediaType(contentType: header) == type)
    }

    @Test(arguments: ["", ";", "   ", "text/plain", "application/jsonx", "application/ json", "multipart/form-data; boundary=x", "application/json\u{0}"])
    func anyOtherTypeIsNone(header: String) {
        #expect(MediaType(contentType: header) == nil)
    }
}
