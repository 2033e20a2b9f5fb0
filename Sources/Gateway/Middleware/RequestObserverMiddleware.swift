import HTTPTypes
import Hummingbird
import Logging

/// The one middleware of every route: observes each request once and answers every error as JSON.
///
/// It gives the request an id (the client's `X-Request-Id` when usable, a new one otherwise, echoed in the
/// answer and set on the request's logger) and counts it in flight; it turns every error into a
/// ``GatewayError`` answer, so that every route, Hummingbird's own 404 included, answers with the same
/// `{"error": …}` body; when an answer says `Connection: close` (a 408 to a body that took too long) it
/// stops reading the request, so that the server writes the answer and closes the connection instead of
/// reading on while a client trickles its body (slowloris); and when the request is answered it records its
/// metrics and writes its one log line (method, route template, model, status, duration, request id).
///
/// One middleware for all of this, not one for each: each layer is an async call of its own around the
/// handler, and three of them were 3 % of the server's CPU under predict load.
struct RequestObserverMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: GatewayMetrics
    /// The level of the per-request line.
    let logLevel: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = RequestIdentifier.accepting(request.headers.combinedValue(.requestID))
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(requestID)
        metrics.requestStarted()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            do {
                response = try Self.answer(error, to: request, context: context)
            } catch {
                // Only when even the error's answer could not be written: Hummingbird answers 500.
                finish(request, context, status: 500, model: .none, started: started)
                throw error
            }
        }
        if response.headers[.connection] == "close" {
            context.channel.close(mode: .input, promise: nil)
        }
        response.headers[.requestID] = requestID
        // The answer names the model and version that answered, from the loaded set (the controllers set them).
        let model =
            response.headers[.modelName].map { ModelLabels(name: $0, version: response.headers[.modelVersion] ?? GatewayMetrics.noModel) } ?? .none
        finish(request, context, status: response.status.code, model: model, started: started)
        return response
    }

    /// The answer to `error`: a ``GatewayError`` as it says; the serving core's errors as ``GatewayError`` maps them;
    /// Hummingbird's own errors (its router's 404, any status its helpers throw) by their status; anything else is
    /// logged and answered 500.
    static func answer(_ error: any Error, to request: Request, context: Context) throws -> Response {
        switch error {
        case let error as GatewayError:
            return try error.response(from: request, context: context)
        case let error as RepositoryError:
            return try GatewayError(error).response(from: request, context: context)
        case let error as ServingError:
            return try GatewayError(error).response(from: request, context: context)
        case let error as any HTTPResponseError:
            let gatewayError: GatewayError =
                error.status == .notFound
                ? .routeNotFound(request.uri.path) : .other(error.status, (error as? HTTPError)?.body ?? error.status.reasonPhrase)
            return try gatewayError.response(from: request, context: context)
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try GatewayError.internalError.response(from: request, context: context)
        }
    }

    private func finish(_ request: Request, _ context: Context, status: Int, model: ModelLabels, started: ContinuousClock.Instant) {
        let duration = started.duration(to: .now)
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? GatewayMetrics.unmatchedRoute
        metrics.requestEnded(route: route, model: model, status: status, duration: duration)
        context.logger.log(
            level: logLevel,
            "request",
            metadata: [
                // The strings as they are: interpolating them would build each anew, on every request.
                "method": .string(request.method.rawValue), "route": .string(route), "model": .string(model.name), "version": .string(model.version),
                "status": .stringConvertible(status),
                "duration_ms": .stringConvertible(Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000),
            ]
        )
    }
}
