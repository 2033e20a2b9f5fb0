/// Why a model's executor gave a request no ratings, in no protocol's terms: each front-end maps it to its own
/// status once (HTTP 503 with `Retry-After`, 504, 500; gRPC `RESOURCE_EXHAUSTED`, `DEADLINE_EXCEEDED`, …).
package enum ExecutionError: Error, Equatable, Sendable {
    /// The model's queue holds as many requests as it may; the caller may try again after `retryAfter`.
    case queueFull(model: String, retryAfter: Duration)
    /// No thread rated the request's texts within the model's timeout (they are skipped when one comes to them).
    case timedOut(model: String, after: Duration)
    /// The caller's deadline (gRPC's, or the `X-Request-Timeout` header) passed before a thread came to the request:
    /// its texts are never rated.
    case deadlineExpired(model: String)
    /// The caller went away (a reset gRPC stream, a cancelled task) before a thread came to the request: its texts
    /// are never rated.
    case cancelled(model: String)
    /// The model is being unloaded: its executor rates what was queued and takes nothing more.
    case stopped(model: String)
    /// The model answered with another number of values than it had texts, or with a value that is not a number:
    /// a fault of the model, never of the input.
    case modelFault(model: String)
}

extension ExecutionError {
    /// What went wrong, in words, for a front-end's error body or status message.
    package var message: String {
        switch self {
        case .queueFull(let model, _): "model \(model) has as many requests waiting as its queue holds; try again shortly"
        case .timedOut(let model, let after): "model \(model) did not rate the texts within \(Duration.words(seconds: after.seconds))"
        case .deadlineExpired(let model): "the request's deadline passed before model \(model) came to its texts; they were not rated"
        case .cancelled(let model): "the caller went away before model \(model) came to its texts; they were not rated"
        case .stopped(let model): "model \(model) is being unloaded"
        case .modelFault: "internal error"
        }
    }
}

extension Duration {
    /// `seconds` in words: "2 seconds", "0.5 seconds".
    static func words(seconds: Double) -> String {
        "\(seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)) seconds"
    }
}
