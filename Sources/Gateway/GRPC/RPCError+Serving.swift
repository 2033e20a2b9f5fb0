import GRPCCore

/// The serving core's errors as gRPC status codes: the one place where they become codes, each with the message
/// the JSON errors give.
///
/// A full queue is `UNAVAILABLE`, as Triton answers it, with the delay in the trailer `grpc-retry-pushback-ms`
/// (gRFC A6's server pushback): UNAVAILABLE is the code gRPC's retry policies retry, and the queue will take the
/// request shortly. TEI answers `RESOURCE_EXHAUSTED`, which we keep for what will never fit: a message over the limit.
extension RPCError {
    /// The trailer that tells a client when to try again, in milliseconds (gRFC A6).
    package static let retryPushbackKey = "grpc-retry-pushback-ms"

    /// A fault of the request's input is `INVALID_ARGUMENT`; the execution's errors as ``init(_:)-(ExecutionError)`` maps them.
    package init(_ error: ServingError) {
        switch error {
        case .invalidInput(let message): self.init(code: .invalidArgument, message: message)
        case .execution(let error): self.init(error)
        }
    }

    /// A full queue `UNAVAILABLE` with the pushback, the model's timeout or the caller's deadline `DEADLINE_EXCEEDED`,
    /// a caller gone `CANCELLED`, a model being unloaded `UNAVAILABLE`, and a model's own fault `INTERNAL` (the server
    /// goes on).
    package init(_ error: ExecutionError) {
        switch error {
        case .queueFull(_, let retryAfter):
            var trailers = Metadata()
            trailers.addString(
                String(retryAfter.components.seconds * 1000 + retryAfter.components.attoseconds / 1_000_000_000_000_000),
                forKey: Self.retryPushbackKey
            )
            self.init(code: .unavailable, message: error.message, metadata: trailers)
        case .timedOut, .deadlineExpired: self.init(code: .deadlineExceeded, message: error.message)
        case .stopped: self.init(code: .unavailable, message: error.message)
        case .cancelled: self.init(code: .cancelled, message: error.message)
        case .modelFault: self.init(code: .internalError, message: error.message)
        }
    }

    /// An unknown model or version is `NOT_FOUND`, naming what is loaded.
    package init(_ unknown: UnknownModel) {
        self.init(code: .notFound, message: unknown.description)
    }

    /// No models folder and a refused change are `FAILED_PRECONDITION` (the server is not in a state to do it; REST
    /// answers 403 and 409), an unknown model `NOT_FOUND`.
    package init(_ error: RepositoryError) {
        switch error {
        case .noFolder(let message), .refused(let message): self.init(code: .failedPrecondition, message: message)
        case .unknownModel(let unknown): self.init(unknown)
        }
    }

    /// No bearer token is `UNAUTHENTICATED`; another one, or admin operations disabled, `PERMISSION_DENIED`.
    package init(_ refusal: AdminToken.Refusal) {
        self.init(code: refusal == .missing ? .unauthenticated : .permissionDenied, message: refusal.message)
    }

    /// Not ready to infer, in `state` (starting, or draining where the caller asks for readiness): `UNAVAILABLE`.
    package static func unavailable(_ state: Readiness.State) -> RPCError {
        RPCError(code: .unavailable, message: state.unavailableReason ?? "")
    }

    /// A fault of the request that a front-end finds reading it: `INVALID_ARGUMENT`.
    package static func invalidArgument(_ message: String) -> RPCError { RPCError(code: .invalidArgument, message: message) }
}
