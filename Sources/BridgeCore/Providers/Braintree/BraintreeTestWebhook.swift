import Foundation

/// `send-test braintree`: a `check` notification, the kind Braintree's "Check URL" sends (it
/// makes no call), as a form of `bt_signature` and base64 `bt_payload`. A FILE is the XML.
enum BraintreeTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let publicKey = credentials.value("PUBLIC_KEY"), let privateKey = credentials.value("PRIVATE_KEY") else {
            throw TestWebhook.missing("braintree", "BRAINTREE_PUBLIC_KEY and BRAINTREE_PRIVATE_KEY")
        }
        let xml = payload.map { String(decoding: $0, as: UTF8.self) } ?? """
            <?xml version="1.0" encoding="UTF-8"?><notification><timestamp type="datetime">\(now.ISO8601Format())</timestamp>\
            <kind>check</kind><subject><check type="boolean">true</check></subject></notification>
            """
        // As Braintree's SDKs write it: base64 in lines of 60, each ending with a newline.
        let encoded = Data(xml.utf8).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) + "\n"
        let signature = BraintreeVerifier(publicKey: publicKey, privateKey: privateKey).sign(payload: encoded)
        let body = FormField.encode([FormField("bt_signature", signature), FormField("bt_payload", encoded)])
        _ = unique  // a check's id is its timestamp
        return TestWebhook(body: Array(body.utf8), contentType: "application/x-www-form-urlencoded", headers: [:])
    }
}
