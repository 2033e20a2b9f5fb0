import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded

/// Sends requests straight to an application's responder, as `app.test(.router)` does: middleware,
/// routing, handler and the encoded answer, without a socket or the HTTP codec.
struct RouterClient<Responder: HTTPResponder> where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let channel = EmbeddedChannel()
    let logger = Logger(label: "benchmark")

    /// The answer's status and the number of body bytes.
    func execute(
        _ method: HTTPRequest.Method,
        _ path: String,
        headers: HTTPFields = [:],
        body: ByteBuffer = ByteBuffer()
    ) async throws -> (
        status: HTTPResponse.Status, bytes: Int
    ) {
        var headers = headers
        headers[.contentLength] = String(body.readableBytes)
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: headers),
            body: RequestBody(buffer: body)
        )
        let context = Responder.Context(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let counter = ByteCounter()
        try await response.body.write(CountingWriter(counter: counter))
        return (response.status, counter.bytes)
    }
}

private final class ByteCounter: @unchecked Sendable {
    var bytes = 0
}

/// Counts the answer's bytes, as a socket writer would take them.
private struct CountingWriter: ResponseBodyWriter {
    let counter: ByteCounter
    mutating func write(_ buffer: ByteBuffer) async throws { counter.bytes += buffer.readableBytes }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
