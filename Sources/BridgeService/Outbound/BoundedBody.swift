import AsyncHTTPClient
import NIOCore

extension HTTPClientResponse.Body {
    /// The first `limit` bytes of an answer, and whether more came: the status of an answer is
    /// kept whatever its size, and only a bounded prefix of it is held in memory.
    func prefix(upTo limit: Int) async throws -> (bytes: ByteBuffer, cut: Bool) {
        var kept = ByteBuffer()
        for try await var chunk in self {
            let room = limit - kept.readableBytes
            guard chunk.readableBytes <= room else {
                if room > 0, let slice = chunk.readSlice(length: room) { kept.writeImmutableBuffer(slice) }
                // Leaving the loop drops the rest of the body (and the connection it came on).
                return (kept, true)
            }
            kept.writeBuffer(&chunk)
        }
        return (kept, false)
    }
}
