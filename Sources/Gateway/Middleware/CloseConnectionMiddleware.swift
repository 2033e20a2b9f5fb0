import HTTPTypes
import Hummingbird
import NIOCore

/// When an answer says `Connection: close` (a 408 to a body that took too long), stops reading the
/// request: the connection's input is closed, so that the server writes the answer and closes the
/// connection instead of reading on while a client trickles the rest of its body (slowloris).
struct CloseConnectionMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response
    {
        let response = try await next(request, context)
        if response.headers[.connection] == "close" {
            context.channel.close(mode: .input, promise: nil)
        }
        return response
    }
}
