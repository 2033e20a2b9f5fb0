/// Where a model's ratings run, beside the server's handling of requests: a property of its kind, since only
/// the kind knows what a rating costs.
public enum ModelExecution: Sendable, Equatable {
    /// On the request's own thread: for kinds whose rating costs less than handing it to another thread (the
    /// TF-IDF kinds rate a joke in about a microsecond).
    case inline
    /// On threads of the model's own, queued and batched, off the threads that answer requests and probes: for
    /// kinds whose rating costs milliseconds. The kind's defaults; the operator's settings may override them.
    case dedicated(DedicatedExecution)
}

/// How a model with threads of its own takes its work.
public struct DedicatedExecution: Sendable, Equatable {
    /// Threads that rate at once.
    public var threads: Int
    /// Requests that may wait for a thread; one more is refused at once (503 with `Retry-After`).
    public var queueLimit: Int
    /// Texts rated together at most: requests that wait together are rated as one batch up to this many texts.
    public var maxBatchSize: Int
    /// How long a thread holding fewer than `maxBatchSize` texts waits for more before it rates them.
    public var maxBatchDelay: Duration
    /// How long a request may wait for its ratings, queued and rated, before it is answered 504.
    public var timeout: Duration
    /// Tokens rated together at most, for a ``TokenizedModel``: requests join a batch while their tokens fit (a
    /// request of more is a batch of its own), so that one batch of long texts cannot hold a thread for seconds.
    public var maxBatchTokens: Int

    /// Settings of a model with threads of its own.
    public init(threads: Int, queueLimit: Int, maxBatchSize: Int, maxBatchDelay: Duration, timeout: Duration, maxBatchTokens: Int = .max) {
        self.threads = threads
        self.queueLimit = queueLimit
        self.maxBatchSize = maxBatchSize
        self.maxBatchDelay = maxBatchDelay
        self.timeout = timeout
        self.maxBatchTokens = maxBatchTokens
    }
}
