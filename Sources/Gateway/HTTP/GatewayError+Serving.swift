import HTTPTypes
/// The serving core's errors as the HTTP routes answer them: the one place where they become statuses.
extension GatewayError {
    /// A fault of the request's input is 422 on `/api/v1` (valid JSON of the wrong shape); `/v2` answers every fault
    /// of a request 400, as the Open Inference Protocol does (``init(inference:)``).
    package init(_ error: ServingError) {
        switch error {
        case .invalidInput(let message): self = .invalidField(message)
        case .execution(let error): self.init(error)
        }
    }

    /// The error as the Open Inference Protocol's REST routes answer it: a fault of the request is 400.
    package init(inference error: ServingError) {
        switch error {
        case .invalidInput(let message): self = .invalidTensor(message)
        case .execution(let error): self.init(error)
        }
    }

    /// A full queue is 503 with `Retry-After` (whole seconds, at least 1), a timeout 504, a model being unloaded 503,
    /// and a model's own fault 500 (the server goes on).
    package init(_ error: ExecutionError) {
        switch error {
        case .queueFull(let model, let retryAfter):
            self = .overloaded(model: model, retryAfterSeconds: max(1, Int(retryAfter.seconds.rounded(.up))))
        case .timedOut(let model, let after): self = .modelTimeout(model: model, after: after)
        case .deadlineExpired(let model): self = .deadlineExpired(model: model)
        case .stopped(let model): self = .unavailable("model \(model) is being unloaded")
        // No one reads it: nginx's 499 in the log and the metrics.
        case .cancelled: self = .other(HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), error.message)
        case .modelFault: self = .internalError
        }
    }

    /// No models folder is 403 (the route is disabled), an unknown model 404, a refused change 409.
    package init(_ error: RepositoryError) {
        switch error {
        case .noFolder(let message): self = .forbidden(message)
        case .unknownModel(let unknown): self = .unknownModel(unknown)
        case .refused(let message): self = .repositoryRefused(message)
        }
    }
}
