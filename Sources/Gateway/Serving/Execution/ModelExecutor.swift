import Foundation
import Registry
import Synchronization

/// Rates one model's texts on threads of its own, so that a model whose rating costs milliseconds never holds
/// the threads that answer requests and probes.
///
/// Requests wait in a bounded queue: one past ``DedicatedExecution/queueLimit`` is refused at once
/// (``ExecutionError/queueFull(model:retryAfter:)``), and a request whose ratings have not come within
/// ``DedicatedExecution/timeout`` is given up (``ExecutionError/timedOut(model:after:)``; its texts are skipped when a
/// thread comes to them). A thread takes the requests waiting together, up to
/// ``DedicatedExecution/maxBatchSize`` texts (and ``DedicatedExecution/maxBatchTokens`` tokens), waiting up to
/// ``DedicatedExecution/maxBatchDelay`` for more, and rates them as one batch (``TextModel/predict(batch:)``). The threads run at a lower scheduling priority than
/// the server's own, which on a machine of two cores keeps the probes answering while the model is saturated.
package final class ModelExecutor: Sendable {
    /// The model whose texts this rates: the instance of the snapshot serving now (a reload that keeps the
    /// artifact hands its executor the instance it loaded, see ``serve(_:)``, so that the one it replaced is freed).
    package var model: any TextModel { current.withLock { $0 } }
    private let current: Mutex<any TextModel>
    /// Its threads, queue, batches and timeout.
    package let settings: DedicatedExecution
    private let queue: WorkQueue<Job>
    /// Its queue, waits, batches and refusals, when they are recorded.
    private let series: ExecutionSeries?

    /// Starts `settings.threads` threads rating `model`'s texts, recording to `series`.
    package init(model: any TextModel, settings: DedicatedExecution, series: ExecutionSeries? = nil) {
        current = Mutex(model)
        self.settings = settings
        self.series = series
        queue = WorkQueue(limit: settings.queueLimit)
        for index in 0..<max(1, settings.threads) {
            BackgroundThread.start(named: "\(model.descriptor.name)-\(index)") { [self, queue, settings, series] in
                while let batch = queue.nextBatch(
                    maxTexts: settings.maxBatchSize,
                    maxTokens: settings.maxBatchTokens,
                    maxDelay: settings.maxBatchDelay,
                    size: \.count,
                    tokens: \.tokens
                ) {
                    if let series {
                        let now = ContinuousClock.now
                        series.queueDepth.set(to: Double(queue.depth))
                        for job in batch {
                            let wait = job.queued.duration(to: now)
                            series.queueWait.record(wait)
                            series.statistics.queued(series.model, wait: wait)
                        }
                    }
                    Self.runBatch(batch, on: self.model, series: series)
                }
            }
        }
    }

    /// The ratings of `texts`, in order, once a thread has rated them; `tokens` is what they count against a
    /// batch's token budget.
    package func enqueue(_ texts: [String], tokens: Int = 0) async throws(ExecutionError) -> [Double] {
        try await enqueue(texts, tokens: tokens, embeddings: false).ratings
    }

    /// The ratings of `texts` and, when `embeddings` is set, their embeddings, rated in the batches of every other
    /// request: for a model that gives embeddings (``EmbeddingOutputModel``). A request whose caller's `deadline`
    /// passes first is given up (``ExecutionError/deadlineExpired(model:)``), its texts skipped, as at the timeout; so
    /// is one whose task is cancelled (``ExecutionError/cancelled(model:)``).
    package func enqueue(
        _ texts: [String],
        tokens: Int,
        embeddings: Bool,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ExecutionError) -> RatedTexts {
        try await run(Job(texts: texts, tokens: tokens, wantsEmbeddings: embeddings), deadline: deadline)
    }

    /// The embeddings of inputs given as the model's token ids (``EmbeddingOutputModel/tokenIDs(_:)``), one row of its
    /// dimension per input, embedded in the batches of every other request without rating them; given up at the
    /// caller's `deadline`, the timeout or cancellation as ``enqueue(_:tokens:embeddings:deadline:)`` is.
    package func enqueue(
        tokenized inputs: [[Int32]],
        tokens: Int,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ExecutionError) -> [Float] {
        try await run(Job(content: .tokenized(inputs), tokens: tokens, wantsEmbeddings: true), deadline: deadline).embeddings ?? []
    }

    /// `job`'s answer, once a thread has rated it, or the refusal, timeout, deadline or cancellation that came first.
    private func run(_ job: Job, deadline: ContinuousClock.Instant?) async throws(ExecutionError) -> RatedTexts {
        let name = model.descriptor.name
        let timeout = settings.timeout
        if let deadline, deadline <= .now {
            series?.deadlineExpired.increment()
            throw .deadlineExpired(model: name)
        }
        let timer = Task {
            if let deadline, deadline < job.queued + timeout {
                try await Task.sleep(until: deadline, clock: .continuous)
                if job.finish(.failure(.deadlineExpired(model: name))) { series?.deadlineExpired.increment() }
            } else {
                try await Task.sleep(for: timeout)
                if job.finish(.failure(.timedOut(model: name, after: timeout))) { series?.timedOut.increment() }
            }
        }
        defer { timer.cancel() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                job.wait(continuation)
                switch queue.append(job) {
                case .queued: series?.queueDepth.set(to: Double(queue.depth))
                case .full:
                    series?.refusedQueueFull.increment()
                    job.finish(.failure(.queueFull(model: name, retryAfter: Self.retryAfter)))
                case .stopped: job.finish(.failure(.stopped(model: name)))
                }
            }
        } onCancel: {
            // A caller that gives up at its deadline is told so, whichever of the two comes first.
            if let deadline, deadline <= .now + Self.deadlineTolerance {
                if job.finish(.failure(.deadlineExpired(model: name))) { series?.deadlineExpired.increment() }
            } else if job.finish(.failure(.cancelled(model: name))) {
                series?.cancelled.increment()
            }
        }
        return try result.get()
    }

    /// How near its deadline a cancelled request counts as given up at its deadline: gRPC cancels a call at its
    /// deadline by a clock of its own, started a little before ours.
    static let deadlineTolerance = Duration.milliseconds(10)

    /// How long a request refused by a full queue is told to wait: about what a batch takes.
    static let retryAfter = Duration.seconds(1)

    /// Rates with `model`, an instance of the same artifact as the one rating now, from the next batch on.
    package func serve(_ model: any TextModel) { current.withLock { $0 = model } }

    /// Rates what is queued already, then stops the threads; requests after this are refused.
    package func shutdown() { queue.stop() }

    /// Requests waiting for a thread.
    package var queueDepth: Int { queue.depth }

    /// Rates `batch`'s texts as one, and hands each job its own ratings (and embeddings, when it asked for them);
    /// jobs that timed out while queued are left out. A model that answers a batch with another number of ratings
    /// or embedding values than it has texts, or with a value that is not a number, is at fault
    /// (``ExecutionError/modelFault(model:)``), and the server goes on.
    private static func runBatch(_ batch: [Job], on model: any TextModel, series: ExecutionSeries?) {
        let waiting = batch.filter { !$0.isFinished }
        guard !waiting.isEmpty else { return }
        let count = waiting.reduce(0) { $0 + $1.count }
        series?.batchSize.record(Double(count))
        let started = ContinuousClock.now
        let answers = BatchOutput.answers(for: waiting, by: model)
        if let series { series.statistics.executed(series.model, texts: count, duration: started.duration(to: .now)) }
        for (job, answer) in zip(waiting, answers) {
            job.finish(answer.map(Result.success) ?? .failure(.modelFault(model: model.descriptor.name)))
        }
    }
}
