import Registry

/// Rates texts for every prediction route (`/api/v1/predict`, its batch, `/v2/.../infer`): inline, or on the
/// model's own threads when its kind says so; times the model, records the metrics, and hands the texts to the
/// shadow model, when one is set, to rate them later on its own thread.
package struct Rater: Sendable {
    let metrics: GatewayMetrics
    /// The executors of models that rate on threads of their own.
    let executors: ModelExecutors
    /// The model that rates every request's texts too, without touching the answer (`SHADOW_MODEL`).
    let shadowModel: String?
    /// Where the shadow's work waits, when there is a shadow.
    private let shadows: ShadowQueue?

    /// A rater recording to `metrics`, with `shadowModel` as the shadow when one is named.
    init(metrics: GatewayMetrics, executors: ModelExecutors, shadowModel: String?) {
        self.metrics = metrics
        self.executors = executors
        self.shadowModel = shadowModel
        shadows = shadowModel.map { _ in ShadowQueue(metrics: metrics) }
    }

    /// The shadow for a request that `model` serves: nil when none is set, it is not in `models`, or it is
    /// the serving model itself (the same name and version: another version of its name may shadow it).
    func shadow(of model: any TextModel, in models: ModelRegistry) -> (any TextModel)? {
        guard let shadowModel, let shadow = try? models.model(ModelReference(parsing: shadowModel)) else { return nil }
        let served = model.descriptor
        return shadow.descriptor.name == served.name && shadow.descriptor.version == served.version ? nil : shadow
    }

    /// `model`'s rating of `text`, recorded with `joker`; `shadow` rates it too, later, and only the difference
    /// is recorded. A rating that is not a number is the model's fault, never the input's. Once the caller's
    /// `deadline` has passed, the text is not rated (``ExecutionError/deadlineExpired(model:)``).
    func submit(
        _ text: String,
        to model: any TextModel,
        shadow: (any TextModel)?,
        joker: String?,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ServingError) -> Double {
        let started = ContinuousClock.now
        let rating: Double
        if let executor = executors.executor(for: model) {
            let outcome = await Self.outcome { () async throws(ServingError) in
                try await queued([text], on: executor, embeddings: false, joker: joker, deadline: deadline).ratings[0]
            }
            rating = try recorded(outcome, model, since: started, inline: false)
        } else {
            // A model rated inline needs no array, and no frame of a task: the path of every `lr` and `tr` request.
            let outcome = Result { () throws(ServingError) in try inline(text, by: model, joker: joker, deadline: deadline) }
            rating = try recorded(outcome, model, since: started, inline: true)
        }
        if let shadow { shadows?.submit([text], ratings: [rating], model: model.descriptor, shadow: shadow) }
        return rating
    }

    /// `model`'s ratings of `texts`, in order, as ``submit(_:to:shadow:joker:deadline:)`` rates each.
    func submit(
        _ texts: [String],
        to model: any TextModel,
        shadow: (any TextModel)?,
        joker: String?,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ServingError) -> [Double] {
        let started = ContinuousClock.now
        let ratings: [Double]
        if let executor = executors.executor(for: model) {
            let outcome = await Self.outcome { () async throws(ServingError) in
                try await queued(texts, on: executor, embeddings: false, joker: joker, deadline: deadline).ratings
            }
            ratings = try recorded(outcome, model, since: started, inline: false)
        } else {
            let outcome = Result { () throws(ServingError) in
                try texts.map { text throws(ServingError) in try inline(text, by: model, joker: joker, deadline: deadline) }
            }
            ratings = try recorded(outcome, model, since: started, inline: true)
        }
        if let shadow { shadows?.submit(texts, ratings: ratings, model: model.descriptor, shadow: shadow) }
        return ratings
    }

    /// `model`'s ratings of `texts` and their embeddings (one row of the model's dimension per text), as
    /// ``submit(_:to:shadow:joker:deadline:)`` rates them: on its executor, in the batches of every other request, or
    /// here, as one batch.
    func submitForEmbeddings(
        _ texts: [String],
        to model: any EmbeddingOutputModel,
        shadow: (any TextModel)?,
        joker: String?,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ServingError) -> (ratings: [Double], embeddings: [Float]) {
        let started = ContinuousClock.now
        let rated: RatedTexts
        if let executor = executors.executor(for: model) {
            let outcome = await Self.outcome { () async throws(ServingError) in
                try await queued(texts, on: executor, embeddings: true, joker: joker, deadline: deadline)
            }
            rated = try recorded(outcome, model, since: started, inline: false)
        } else {
            let outcome = Result { () throws(ServingError) in try batch(texts, by: model, joker: joker, deadline: deadline) }
            rated = try recorded(outcome, model, since: started, inline: true)
        }
        if let shadow { shadows?.submit(texts, ratings: rated.ratings, model: model.descriptor, shadow: shadow) }
        return (rated.ratings, rated.embeddings ?? [])
    }

    /// What `work` gave or threw.
    static func outcome<Output>(of work: () async throws(ServingError) -> Output) async -> Result<Output, ServingError> {
        do {
            return .success(try await work())
        } catch {
            return .failure(error)
        }
    }

    /// The `outcome` of a request to `model` begun at `started`, recorded in the model's inference statistics as it
    /// succeeded or failed; rated `inline`, or queued for the model's executor.
    func recorded<Output>(
        _ outcome: Result<Output, ServingError>,
        _ model: any TextModel,
        since started: ContinuousClock.Instant,
        inline: Bool
    ) throws(ServingError) -> Output {
        let succeeded = if case .success = outcome { true } else { false }
        metrics.statistics.requested(ModelLabels(model.descriptor), succeeded: succeeded, duration: started.duration(to: .now), inline: inline)
        return try outcome.get()
    }

    /// `model`'s ratings of `texts` and their embeddings, computed here as one batch, unless the caller's `deadline`
    /// has passed.
    private func batch(
        _ texts: [String],
        by model: any EmbeddingOutputModel,
        joker: String?,
        deadline: ContinuousClock.Instant?
    ) throws(ServingError) -> RatedTexts {
        _ = try Self.tokens(of: texts, by: model)
        try Self.check(deadline, model: model)
        let started = ContinuousClock.now
        let output = BatchOutput.answers(for: [Job(texts: texts, wantsEmbeddings: true)], by: model)[0]
        let duration = started.duration(to: .now)
        guard let output else { throw .execution(.modelFault(model: model.descriptor.name)) }
        let labels = ModelLabels(model.descriptor)
        metrics.statistics.executed(labels, texts: texts.count, duration: duration)
        for rating in output.ratings { metrics.predicted(model: labels, rating: rating, duration: duration, joker: joker) }
        return output
    }

    /// `model`'s rating of `text`, rated here and timed, unless the caller's `deadline` has passed.
    private func inline(_ text: String, by model: any TextModel, joker: String?, deadline: ContinuousClock.Instant?) throws(ServingError) -> Double {
        try Self.check(deadline, model: model)
        let started = ContinuousClock.now
        let rating = model.predict(text)
        let duration = started.duration(to: .now)
        guard rating.isFinite else { throw .execution(.modelFault(model: model.descriptor.name)) }
        let labels = ModelLabels(model.descriptor)
        metrics.statistics.executed(labels, texts: 1, duration: duration)
        metrics.predicted(model: labels, rating: rating, duration: duration, joker: joker)
        return rating
    }

    /// Refuses work whose caller's `deadline` has passed: it is never run.
    static func check(_ deadline: ContinuousClock.Instant?, model: any TextModel) throws(ServingError) {
        if let deadline, deadline <= .now { throw .execution(.deadlineExpired(model: model.descriptor.name)) }
    }

    /// The ratings of `texts` by the executor's model (and their embeddings, when asked), queued, batched and rated
    /// on its threads: each text is recorded with the request's whole wait. A model that counts tokens refuses a
    /// text of more than it takes, before anything is queued.
    private func queued(
        _ texts: [String],
        on executor: ModelExecutor,
        embeddings: Bool,
        joker: String?,
        deadline: ContinuousClock.Instant?
    ) async throws(ServingError) -> RatedTexts {
        let tokens = try Self.tokens(of: texts, by: executor.model)
        let started = ContinuousClock.now
        let rated: RatedTexts
        do {
            rated = try await executor.enqueue(texts, tokens: tokens, embeddings: embeddings, deadline: deadline)
        } catch {
            throw .execution(error)
        }
        let duration = started.duration(to: .now)
        for rating in rated.ratings {
            metrics.predicted(model: ModelLabels(executor.model.descriptor), rating: rating, duration: duration, joker: joker)
        }
        return rated
    }

    /// The tokens `model` reads `texts` as, or 0 when it does not count them; a text of more than it takes is
    /// refused, named by its place in a batch.
    static func tokens(of texts: [String], by model: any TextModel) throws(ServingError) -> Int {
        guard let tokenized = model as? any TokenizedModel else { return 0 }
        var total = 0
        for (index, text) in texts.enumerated() {
            let count = tokenized.tokenCount(text)
            guard count <= tokenized.maxTokensPerText else {
                let which = texts.count == 1 ? "the text" : "text \(index + 1) of \(texts.count)"
                throw .invalidInput(
                    "\(which) is \(count) tokens long; model \(model.descriptor.name) reads at most \(tokenized.maxTokensPerText) tokens of a text"
                )
            }
            total += count
        }
        return total
    }
}
