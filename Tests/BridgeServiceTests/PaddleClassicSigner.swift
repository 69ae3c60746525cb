import BridgeCore
import Crypto
import CryptoExtras
import Foundation
import TestFixtures

/// Signs a Paddle Classic alert as Paddle does, with the fixtures' test key
/// (`Tests/Fixtures/paddle-classic/vendor-key.test.pem`): `p_signature` is the base64 RSA SHA-1
/// signature of the other fields, PHP-serialized in key order. Written here from Paddle's
/// documentation, apart from the bridge's verifier, so that the two check each other.
enum PaddleClassicSigner {
    static func signed(form body: [UInt8]) throws -> [UInt8] {
        let fields = try FormBody(body).fields.filter { $0.key != "p_signature" }
        var message = "a:\(fields.count):{"
        for key in fields.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            for text in [key, fields[key] ?? ""] { message += "s:\(text.utf8.count):\"\(text)\";" }
        }
        message += "}"
        let pem = String(decoding: try Fixtures.bytes("paddle-classic", "vendor-key.test.pem"), as: UTF8.self)
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        let signature = try key.signature(for: Insecure.SHA1.hash(data: Array(message.utf8)), padding: .insecurePKCS1v1_5)
        var components = URLComponents()
        components.queryItems = (fields.map { ($0.key, $0.value) } + [("p_signature", signature.rawRepresentation.base64EncodedString())])
            .map { URLQueryItem(name: $0.0, value: $0.1) }
        return Array((components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
    }
}
