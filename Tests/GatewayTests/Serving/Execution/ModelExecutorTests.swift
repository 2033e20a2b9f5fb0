import Gateway
import Registry
import Synchronization
import Testing

/// A heavy model's own threads: ratings in order, a bounded queue, batches, a timeout and a clean stop.
@Suite(.serialized) struct ModelExecutorTests {
    private func settings(
        threads: Int = 1,
        queue: Int = 8,
        batch: Int = 8,
        delay: Duration = .milliseconds(1),
        timeout: Duration = .seconds(30)
    )
        -> DedicatedExecution
    {
        DedicatedExecution(threads: threads, queueLimit: queue, maxBatchSize: batch, maxBatchDelay: delay, timeout: timeout)
    }

    /// Starts a request for `texts` and returns once it waits in the queue, so that requests queue in order.
    private func queue(_ texts: [String], tokens: Int = 0, on executor: ModelExecutor) async throws -> Task<[Double], any Error> {
        let depth = executor.queueDepth
        let request = Task { try await executor.enqueue(texts, tokens: tokens) }
        while executor.queueDepth == depth { try await Task.sleep(for: .milliseconds(1)) }
        return request
    }

    @Test func requestsWaitingTogetherAreRatedAsOneBatchEachGettingItsOwnRatings() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 5))
        defer { executor.shutdown() }
        // The first request holds the thread; the next four wait together and are rated in batches of up to 5
        // texts, in order: 2 + 1 + 2 texts, then the last one, which would make 6.
        let first = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let second = try await queue(["bb", "ccc"], on: executor)
        let third = try await queue(["dddd"], on: executor)
        let fourth = try await queue(["eeeee", "ffffff"], on: executor)
        let fifth = try await queue([String(repeating: "g", count: 7)], on: executor)
        model.open(3)
        #expect(try await first.value == [1])
        #expect(try await second.value == [2, 3])
        #expect(try await third.value == [4])
        #expect(try await fourth.value == [5, 6])
        #expect(try await fifth.value == [7])
        #expect(model.batchSizes == [1, 5, 1])
    }

    @Test func requestsJoinABatchWhileTheirTokensFitItsBudget() async throws {
        let model = GatedModel()
        var budget = settings(batch: 8)
        budget.maxBatchTokens = 10
        let executor = ModelExecutor(model: model, settings: budget)
        defer { executor.shutdown() }
        // Tokens 6 + 4 fit 10; 7 does not join them; 12 is past the budget alone and is a batch of its own, which
        // nothing joins.
        let first = Task { try await executor.enqueue(["a"], tokens: 1) }
        try await model.waitUntilRating(1)
        let requests = [
            try await queue(["b"], tokens: 6, on: executor), try await queue(["c"], tokens: 4, on: executor),
            try await queue(["d"], tokens: 7, on: executor), try await queue(["e"], tokens: 12, on: executor),
            try await queue(["f"], tokens: 1, on: executor),
        ]
        model.open(5)
        _ = try await first.value
        for request in requests { #expect(try await request.value == [1]) }
        #expect(model.batchSizes == [1, 2, 1, 1, 1])
    }

    @Test func aRequestForEmbeddingsSharesTheBatchAndGetsItsOwnRows() async throws {
        let model = EmbeddingGatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 8))
        defer { executor.shutdown() }
        let first = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let plain = try await queue(["bb"], on: executor)
        let depth = executor.queueDepth
        let embedded = Task { try await executor.enqueue(["ccc", "d"], tokens: 0, embeddings: true) }
        while executor.queueDepth == depth { try await Task.sleep(for: .milliseconds(1)) }
        model.open(2)
        #expect(try await first.value == [1])
        #expect(try await plain.value == [2])
        #expect(try await embedded.value == RatedTexts(ratings: [3, 1], embeddings: [3, -3, 0.5, 1, -1, 0.5]))
        #expect(model.batchSizes == [1, 3])
        #expect(model.embeddedBatches == 1)
    }

    @Test func aRequestForEmbeddingsAloneSharesTheBatchAndSkipsTheHead() async throws {
        let model = EmbeddingGatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 8))
        defer { executor.shutdown() }
        let first = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let rated = try await queue(["bb"], on: executor)
        let depth = executor.queueDepth
        let embedded = Task { try await executor.enqueue(tokenized: [[3, 1], [5]], tokens: 3) }
        while executor.queueDepth == depth { try await Task.sleep(for: .milliseconds(1)) }
        model.open(2)
        _ = try await first.value
        #expect(try await rated.value == [2])
        #expect(try await embedded.value == [4, -4, 0.5, 5, -5, 0.5])
        #expect(model.batchSizes == [1, 3] && model.embeddedBatches == 1)
        // The rating request's one text met the head; the embeddings alone did not.
        #expect(model.headedEmbeddings == 1)
    }

    @Test func embeddingsAskedOfAModelThatGivesNoneAreTheModelsFault() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings())
        defer { executor.shutdown() }
        model.open()
        await #expect(throws: ExecutionError.modelFault(model: "gated")) { try await executor.enqueue(["a"], tokens: 0, embeddings: true) }
    }

    @Test func aRequestPastTheQueueLimitIsRefusedAtOnce() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(queue: 2, batch: 1))
        defer { executor.shutdown() }
        let held = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let queued = [try await queue(["b"], on: executor), try await queue(["c"], on: executor)]
        await #expect(throws: ExecutionError.queueFull(model: "gated", retryAfter: .seconds(1))) { try await executor.enqueue(["d"]) }
        model.open(3)
        #expect(try await held.value == [1])
        for request in queued { #expect(try await request.value == [1]) }
    }

    @Test func aRequestNotRatedWithinTheTimeoutIsAnsweredAndItsTextsAreSkipped() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 1, timeout: .milliseconds(100)))
        defer { executor.shutdown() }
        let held = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        await #expect(throws: ExecutionError.timedOut(model: "gated", after: .milliseconds(100))) { try await executor.enqueue(["bb"]) }
        await #expect(throws: ExecutionError.timedOut(model: "gated", after: .milliseconds(100))) { try await held.value }
        model.open()
        // The timed-out request's batch is skipped: the thread goes on to the next request.
        async let next = executor.enqueue(["ccc"])
        try await model.waitUntilRating(2)
        model.open()
        #expect(try await next == [3])
        #expect(model.batchSizes == [1, 1])
    }

    @Test func aRequestWhoseCallerGaveUpIsAnsweredAndNeverRated() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 1, timeout: .seconds(30)))
        defer { executor.shutdown() }
        let held = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        // Its caller's deadline comes long before the model's timeout: it is answered then, not at the timeout.
        let started = ContinuousClock.now
        await #expect(throws: ExecutionError.deadlineExpired(model: "gated")) {
            try await executor.enqueue(["bb"], tokens: 0, embeddings: false, deadline: .now + .milliseconds(50))
        }
        #expect(started.duration(to: .now) < .seconds(10))
        // A deadline already past is refused before anything is queued.
        let depth = executor.queueDepth
        await #expect(throws: ExecutionError.deadlineExpired(model: "gated")) {
            try await executor.enqueue(["ccc"], tokens: 0, embeddings: false, deadline: .now - .milliseconds(1))
        }
        #expect(executor.queueDepth == depth)
        model.open()
        #expect(try await held.value == [1])
        // The expired request's texts are skipped: the thread goes on to the next request.
        async let next = executor.enqueue(["dddd"])
        try await model.waitUntilRating(2)
        model.open()
        #expect(try await next == [4])
        #expect(model.batchSizes == [1, 1])
    }

    @Test func aRequestWhoseTaskIsCancelledIsAnsweredAndNeverRated() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 1))
        defer { executor.shutdown() }
        let held = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let gone = try await queue(["bb"], on: executor)
        gone.cancel()
        await #expect(throws: ExecutionError.cancelled(model: "gated")) { try await gone.value }
        // Cancelled at its deadline, it is told so.
        let depth = executor.queueDepth
        let late = Task { try await executor.enqueue(["ccc"], tokens: 0, embeddings: false, deadline: .now + .milliseconds(5)) }
        while executor.queueDepth == depth { try await Task.sleep(for: .milliseconds(1)) }
        late.cancel()
        await #expect(throws: ExecutionError.deadlineExpired(model: "gated")) { try await late.value }
        model.open()
        #expect(try await held.value == [1])
        async let next = executor.enqueue(["dddd"])
        try await model.waitUntilRating(2)
        model.open()
        #expect(try await next == [4])
        #expect(model.batchSizes == [1, 1], "the cancelled requests' texts were skipped")
    }

    @Test func aStoppedExecutorRatesWhatIsQueuedAndRefusesWhatComesAfter() async throws {
        let model = GatedModel()
        let executor = ModelExecutor(model: model, settings: settings(batch: 1))
        let held = Task { try await executor.enqueue(["a"]) }
        try await model.waitUntilRating(1)
        let queued = try await queue(["bb"], on: executor)
        executor.shutdown()
        await #expect(throws: ExecutionError.stopped(model: "gated")) { try await executor.enqueue(["c"]) }
        model.open(2)
        #expect(try await held.value == [1])
        #expect(try await queued.value == [2])
    }
}

/// One executor per loaded heavy model, none for inline ones, and a reload stops those of the models it takes away.
@Suite struct ModelExecutorsTests {
    @Test func aReloadStopsTheExecutorsOfTheModelsItTakesAwayAndKeepsTheOthers() async throws {
        let settings = DedicatedExecution(threads: 1, queueLimit: 4, maxBatchSize: 4, maxBatchDelay: .zero, timeout: .seconds(30))
        let kept = GatedModel(name: "kept", execution: .dedicated(settings))
        let dropped = GatedModel(name: "dropped", execution: .dedicated(settings))
        let executors = ModelExecutors()
        #expect(executors.executor(for: LengthModel(name: "lr", version: "1", scale: 1)) == nil)
        let keptExecutor = try #require(executors.executor(for: kept))
        let droppedExecutor = try #require(executors.executor(for: dropped))
        #expect(executors.executor(for: kept) === keptExecutor)

        executors.retire(keeping: try ModelRegistry(models: [kept], defaultModel: "kept"))
        #expect(executors.executor(for: kept) === keptExecutor)
        #expect(executors.executor(for: dropped) === droppedExecutor, "a request that began before the reload finds it, stopped")
        await #expect(throws: ExecutionError.stopped(model: "dropped")) { try await droppedExecutor.enqueue(["a"]) }
        kept.open()
        #expect(try await keptExecutor.enqueue(["ab"]) == [2])
        keptExecutor.shutdown()
    }
}

/// The shadow's work waits in a queue of its own, after the answers, and is dropped and counted when it is full.
@Suite struct ShadowQueueTests {
    @Test func workPastTheQueueIsDroppedAndCountedAndTheRestIsRatedLater() async throws {
        let metrics = GatewayMetrics(configuration: testConfiguration())
        let shadow = GatedModel(name: "slow")
        let queue = ShadowQueue(metrics: metrics, limit: 1)
        let lr = ModelDescriptor(name: "lr", kind: "linear", version: "1.0.0", digest: "sha256:lr")
        queue.submit(["a"], ratings: [0], model: lr, shadow: shadow)
        try await shadow.waitUntilRating(1)
        queue.submit(["bb"], ratings: [0], model: lr, shadow: shadow)  // waits
        queue.submit(["ccc"], ratings: [0], model: lr, shadow: shadow)  // dropped
        queue.submit(["dddd"], ratings: [0], model: lr, shadow: shadow)  // dropped
        #expect(queue.depth == 1)
        shadow.open(2)
        try await shadow.waitUntilRating(2)
        try await eventually { queue.depth == 0 && shadow.batchSizes.count == 2 }
        let samples = MetricsRouteTests.samples(metrics.registry.emitToString())
        let labels = ["model": "lr", "version": "1.0.0", "shadow": "slow", "shadow_version": "1"]
        #expect(samples[.init(name: "jokemeter_shadow_dropped_total", labels: labels)] == 2)
        try await eventually {
            MetricsRouteTests.samples(metrics.registry.emitToString())[.init(name: "jokemeter_shadow_rating_difference_count", labels: labels)] == 2
        }
    }
}

/// A model that answers every batch with one rating too few: a fault of the model, never of the input.
private struct OneShortModel: TextModel {
    let descriptor = ModelDescriptor(name: "short", kind: "short", version: "1", digest: "sha256:short")
    func predict(_ text: String) -> Double { 1 }
    func predict(batch texts: [String]) -> [Double] { Array(repeating: 1, count: max(0, texts.count - 1)) }
}

@Suite struct ModelExecutorFaultTests {
    @Test func aModelThatAnswersTheWrongNumberOfRatingsIsAtFaultAndTheExecutorGoesOn() async throws {
        let settings = DedicatedExecution(threads: 1, queueLimit: 4, maxBatchSize: 4, maxBatchDelay: .zero, timeout: .seconds(30))
        let executor = ModelExecutor(model: OneShortModel(), settings: settings)
        defer { executor.shutdown() }
        await #expect(throws: ExecutionError.modelFault(model: "short")) { try await executor.enqueue(["a", "b"]) }
        await #expect(throws: ExecutionError.modelFault(model: "short")) { try await executor.enqueue(["c"]) }
    }
}
