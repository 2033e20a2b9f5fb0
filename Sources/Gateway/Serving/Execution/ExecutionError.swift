/// Why a model's executor gave a request no ratings, in no protocol's terms: each front-end maps it to its own
/// status once (HTTP 503 with `Retry-After`, 504, 500; gRPC `RESOURCE_EXHAUSTED`, `DEADLINE_EXCEEDED`, …).
package enum ExecutionError: Error, Equatable, Sendable {
    /// The model's queue holds as many requests as it may; the caller may try again after `retryAfter`.
    case queueFull(model: String, retryAfter: Duration)
    /// No thread rated the request's texts within the model's timeout (they are skipped when one comes to them).
    case timedOut(model: String, after: Duration)
    /// The model is being unloaded: its executor rates what was queued and takes nothing more.
    case stopped(model: String)
    /// The model answered with another number of values than it had texts, or with a value that is not a number:
    /// a fault of the model, never of the input.
    case modelFault(model: String)
}
