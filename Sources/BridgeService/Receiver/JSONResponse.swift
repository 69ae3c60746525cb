import Hummingbird

/// Small JSON answers: `{"error": "..."}` for refusals, `{"status": "..."}` otherwise.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ fields: [String: String]) -> Response {
        // Written by hand: one is made for every webhook, and Foundation's encoder cost more than
        // verifying the signature.
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONText.object(fields))))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(status, ["error": message])
    }
}
