import Foundation

/// `send-test` for a declared provider: the bridge knows no sample of its events, so it signs the
/// payload the operator gives, as the file says the provider signs. Ed25519 senders sign with a
/// private key the bridge never holds: none.
enum DeclaredTestWebhook {
    static func maker(for spec: DeclaredProviderSpec) -> TestWebhook.Maker? {
        if case .signedString(let signed) = spec.verification, signed.signature == nil { return nil }
        return { credentials, payload, unique, now in
            guard let body = payload else {
                throw PayloadError("send-test for \(spec.id), a provider declared in \(spec.file), needs a payload file: it has no sample of its own")
            }
            let secretName = spec.verification == .basic ? "PASSWORD" : "WEBHOOK_SECRET"
            guard let secret = credentials.list(secretName).first else {
                throw TestWebhook.missing(spec.id, spec.id.variable(secretName))
            }
            var headers: [String: String] = [:]
            switch spec.verification {
            case .bodyHMAC(let header, let signature): headers[header] = signature.sign(body, key: Array(secret.utf8))
            case .token(let header): headers[header] = secret
            case .standardWebhooks:
                guard let secret = credentials.list(secretName).first(where: { !$0.hasPrefix("whpk_") }),
                    let key = SignedStringVerifier.keys(secret, .base64(afterPrefix: "whsec_")).first
                else {
                    throw PayloadError("send-test for \(spec.id) signs with a whsec_ secret, and \(spec.id.variable(secretName)) has none that decodes")
                }
                let id = "msg_bridge_test_\(unique)"
                let timestamp = String(Int(now.timeIntervalSince1970))
                let signature = HMACSignature(.sha256, .base64).sign(Array("\(id).\(timestamp).".utf8) + body, key: key)
                headers["webhook-id"] = id
                headers["webhook-timestamp"] = timestamp
                headers["webhook-signature"] = "v1,\(signature)"
            case .basic:
                let pair = "\(credentials.value("USERNAME") ?? ""):\(secret)"
                headers["Authorization"] = "Basic " + Data(pair.utf8).base64EncodedString()
            case .signedString(let signed):
                let seconds = Int(now.timeIntervalSince1970)
                let timestamp = String(signed.millisecondTimestamps ? seconds * 1000 : seconds)
                var message: [UInt8] = []
                for part in signed.message {
                    switch part {
                    case .timestamp: message += Array(timestamp.utf8)
                    case .body: message += body
                    case .text(let text): message += Array(text.utf8)
                    case .header(let name):
                        let value = headers[name] ?? "msg_bridge_test_\(unique)"
                        headers[name] = value
                        message += Array(value.utf8)
                    }
                }
                guard let signature = signed.signature, let key = SignedStringVerifier.keys(secret, signed.keyEncoding).first else {
                    throw PayloadError("send-test for \(spec.id): \(spec.id.variable("WEBHOOK_SECRET")) does not decode as the file says")
                }
                let signed64 = signature.sign(message, key: key)
                switch signed.layout {
                case .pairs(let separator, let timestampKey, let signatureKey):
                    headers[signed.header] = "\(timestampKey)=\(timestamp)\(separator)\(signatureKey)=\(signed64)"
                case .timestampFirst(let separator): headers[signed.header] = "\(timestamp)\(separator)\(signed64)"
                case .versioned(_, let version, let timestampHeader):
                    headers[signed.header] = "\(version),\(signed64)"
                    headers[timestampHeader] = timestamp
                }
            }
            return TestWebhook(body: body, contentType: spec.body.description, headers: headers)
        }
    }
}
