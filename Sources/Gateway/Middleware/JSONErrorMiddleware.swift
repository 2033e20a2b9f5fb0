import Hummingbird
import Logging

/// Turns every error into a ``GatewayError`` response, so that every route, Hummingbird's own 404
/// included, answers with the same `{"error": …}` body; an unexpected error is logged and answered 500.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own errors: its router's 404, and any status its helpers throw.
            let gatewayError: GatewayError =
                error.status == .notFound
                ? .routeNotFound(request.uri.path) : .other(error.status, (error as? HTTPError)?.body ?? error.status.reasonPhrase)
            return try gatewayError.response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try GatewayError.internalError.response(from: request, context: context)
        }
    }
}
