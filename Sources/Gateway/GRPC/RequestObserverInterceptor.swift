import GRPCCore
import Logging

/// What ``RequestObserverMiddleware`` does for the HTTP routes, for every RPC: a request id (the caller's
/// `x-request-id` when usable, else a new one, sent back in the metadata), the in-flight count, the caller's deadline
/// (``RPCCaller/deadline``, read from `grpc-timeout` as the RPC starts), and when the RPC ends,
/// its metrics (the method as the route, `protocol="grpc"`, the status class of its code's HTTP equivalent) and its
/// one log line, naming the model and version the answer's metadata names.
struct RequestObserverInterceptor: ServerInterceptor {
    let metrics: GatewayMetrics
    let logger: Logger
    /// The level of the per-request line.
    let logLevel: Logger.Level

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let started = ContinuousClock.now
        let requestID = RequestIdentifier.accepting(request.metadata.first(Metadata.Key.requestID))
        let route = "/" + context.descriptor.fullyQualifiedMethod
        metrics.requestStarted()
        let response: StreamingServerResponse<Output>
        do {
            if let deadline = request.metadata.deadline {
                response = try await RPCCaller.$deadline.withValue(deadline) { try await next(request, context) }
            } else {
                response = try await next(request, context)
            }
        } catch let error as RPCError {
            response = StreamingServerResponse(error: error)
        } catch {
            finish(route, code: .unknown, model: .none, requestID: requestID, started: started)
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            contents.metadata.addString(requestID, forKey: Metadata.Key.requestID)
            let model = Self.model(in: contents.metadata)
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await producer(writer)
                    finish(route, code: nil, model: model, requestID: requestID, started: started)
                    return trailers
                } catch {
                    finish(route, code: (error as? RPCError)?.code ?? .unknown, model: model, requestID: requestID, started: started)
                    throw error
                }
            }
            return StreamingServerResponse(accepted: .success(contents))
        case .failure(var error):
            error.metadata.addString(requestID, forKey: Metadata.Key.requestID)
            finish(route, code: error.code, model: Self.model(in: error.metadata), requestID: requestID, started: started)
            return StreamingServerResponse(error: error)
        }
    }

    /// The model and version `metadata` names (the service sets them), or none.
    private static func model(in metadata: Metadata) -> ModelLabels {
        guard let name = metadata.first(Metadata.Key.model) else { return .none }
        return ModelLabels(name: name, version: metadata.first(Metadata.Key.modelVersion) ?? GatewayMetrics.noModel)
    }

    /// Records the RPC's end: `code` nil is OK.
    private func finish(_ route: String, code: RPCError.Code?, model: ModelLabels, requestID: String, started: ContinuousClock.Instant) {
        let duration = started.duration(to: .now)
        let status = code.map(Self.httpStatus) ?? 200
        metrics.requestEnded(route: route, model: model, status: status, duration: duration, frontEnd: .grpc)
        // A line below the log level costs nothing, not even the copy of the logger with the request's id.
        guard logLevel >= logger.logLevel else { return }
        var logger = logger
        logger[metadataKey: "hb.request.id"] = .string(requestID)
        logger.log(
            level: logLevel,
            "request",
            metadata: [
                "protocol": "grpc", "route": .string(route), "model": .string(model.name), "version": .string(model.version),
                "status": .stringConvertible(status), "grpc_status": .string(code.map(Self.canonicalName) ?? "OK"),
                "duration_ms": .stringConvertible(Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000),
            ]
        )
    }

    /// A code's name as gRPC's documents write it: `NOT_FOUND` for `notFound`.
    static func canonicalName(_ code: RPCError.Code) -> String {
        var name = ""
        for character in "\(code)" {
            if character.isUppercase { name.append("_") }
            name += character.uppercased()
        }
        return name
    }

    /// A gRPC code's HTTP equivalent, as `google.rpc.Code` documents each.
    static func httpStatus(_ code: RPCError.Code) -> Int {
        switch code {
        case .cancelled: 499
        case .invalidArgument, .failedPrecondition, .outOfRange: 400
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .resourceExhausted: 429
        case .unimplemented: 501
        case .unavailable: 503
        case .deadlineExceeded: 504
        default: 500
        }
    }
}
