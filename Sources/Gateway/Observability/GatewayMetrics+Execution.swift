import Prometheus

/// The series of one model that rates on threads of its own: how deep its queue is, how long requests wait
/// in it, how large its batches are, and how many requests it refused.
package struct ExecutionSeries: Sendable {
    /// Requests waiting for a thread now.
    let queueDepth: Gauge
    /// From a request's queueing to a thread's taking it.
    let queueWait: DurationHistogram
    /// Texts rated together.
    let batchSize: ValueHistogram
    /// Requests refused at once, the queue being full (503).
    let refusedQueueFull: Counter
    /// Requests answered 504, not rated within the timeout.
    let timedOut: Counter
    /// Requests whose caller's deadline passed before a thread came to them: never rated.
    let deadlineExpired: Counter
    /// Requests whose caller went away before a thread came to them: never rated.
    let cancelled: Counter
    /// The model's labels, under which ``statistics`` records its queue and executions.
    let model: ModelLabels
    /// The inference statistics the model's queue waits and batches go to.
    let statistics: InferenceStatistics
}

extension GatewayMetrics {
    /// Texts per batch: powers of two up to 256.
    static let batchSizeBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    /// A queued request waits from microseconds to its timeout: 100 µs to 30 s.
    static let queueWaitBuckets: [Duration] = requestBuckets + [.seconds(5), .seconds(10), .seconds(30)]

    /// The series of `model`'s executor (made once per model name and version: an executor made again after a
    /// reload finds the same series).
    func executionSeries(model: ModelLabels) -> ExecutionSeries {
        let labels = model.labels
        let refused = { (reason: String) in
            self.registry.makeCounter(
                descriptor: .jokemeter(
                    "model_refused",
                    unit: "total",
                    help: "Requests a model on threads of its own did not rate: its queue full, its timeout passed, or its caller gone."
                ),
                labels: labels + [("reason", reason)]
            )
        }
        return ExecutionSeries(
            queueDepth: registry.makeGauge(
                descriptor: .jokemeter("model_queue_depth", help: "Requests waiting for a model's threads."),
                labels: labels
            ),
            queueWait: registry.makeDurationHistogram(
                descriptor: .jokemeter("model_queue_wait", unit: "seconds", help: "Time a request waited for a model's thread."),
                labels: labels,
                buckets: Self.queueWaitBuckets
            ),
            batchSize: registry.makeValueHistogram(
                descriptor: .jokemeter("model_batch_size", help: "Texts a model rated together."),
                labels: labels,
                buckets: Self.batchSizeBuckets
            ),
            refusedQueueFull: refused("queue_full"),
            timedOut: refused("timeout"),
            deadlineExpired: registry.makeCounter(
                descriptor: .jokemeter(
                    "model_deadline_expired",
                    unit: "total",
                    help: "Requests skipped, never rated, because their caller's deadline passed while they waited for a model's thread."
                ),
                labels: labels
            ),
            cancelled: refused("cancelled"),
            model: model,
            statistics: statistics
        )
    }
}
