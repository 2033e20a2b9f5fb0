import Registry

/// Which end of an input longer than its model reads is cut, when a caller asks to truncate rather than be refused.
package enum Truncation: Sendable, Equatable {
    /// Keep the first tokens (the prompt's among them).
    case right
    /// Keep the last tokens.
    case left
}

/// The embeddings of an embedding request: one row of `dimension` values per input, and the tokens each was read as.
package struct Embeddings: Sendable {
    /// One row of `dimension` values per input, in order, each of unit length.
    package var values: [Float]
    /// The values of one row.
    package var dimension: Int
    /// The tokens of each input as the model read it (its prompt's included; the encoder's start and end tokens not).
    package var tokenCounts: [Int]

    /// `values`, one row of `dimension` per input, read as `tokenCounts` tokens.
    package init(values: [Float], dimension: Int, tokenCounts: [Int]) {
        self.values = values
        self.dimension = dimension
        self.tokenCounts = tokenCounts
    }

    /// Every input's tokens together.
    package var totalTokens: Int { tokenCounts.reduce(0, +) }
}

extension Rater {
    /// The embeddings of `inputs` by `model`, without ratings, for the embedding APIs: each input read as the model's
    /// token ids here (a prompt's name checked, token ids checked against the vocabulary, an input of more tokens
    /// than the model reads cut at `truncation`'s end, or refused without it), then embedded on the model's executor
    /// in the batches of every other request (rating requests among them), or here when it has none. Refusals
    /// name the input by its place and the limit by its value.
    package func embed(
        _ inputs: [EmbeddingInput],
        with model: any EmbeddingOutputModel,
        truncation: Truncation? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ServingError) -> Embeddings {
        let started = ContinuousClock.now
        let tokenized = try Self.tokenized(inputs, by: model, truncation: truncation)
        let tokens = tokenized.reduce(0) { $0 + $1.count }
        let values: [Float]
        if let executor = executors.executor(for: model) {
            let outcome = await Self.outcome { () async throws(ServingError) in
                do throws(ExecutionError) {
                    return try await executor.enqueue(tokenized: tokenized, tokens: tokens, deadline: deadline)
                } catch {
                    throw .execution(error)
                }
            }
            values = try recorded(outcome, model, since: started, inline: false)
        } else {
            let outcome = Result { () throws(ServingError) in try embedHere(tokenized, by: model, deadline: deadline) }
            values = try recorded(outcome, model, since: started, inline: true)
        }
        // Whatever a model answers, a front-end slices exactly one row an input.
        guard values.count == tokenized.count * model.embeddingDimension else { throw .execution(.modelFault(model: model.descriptor.name)) }
        return Embeddings(values: values, dimension: model.embeddingDimension, tokenCounts: tokenized.map(\.count))
    }

    /// The embeddings of `tokenized` by `model`, computed here as one batch, unless the caller's `deadline` has passed.
    private func embedHere(
        _ tokenized: [[Int32]],
        by model: any EmbeddingOutputModel,
        deadline: ContinuousClock.Instant?
    ) throws(ServingError)
        -> [Float]
    {
        try Self.check(deadline, model: model)
        let started = ContinuousClock.now
        let job = Job(content: .tokenized(tokenized), tokens: 0, wantsEmbeddings: true)
        guard let answer = BatchOutput.answers(for: [job], by: model)[0], let values = answer.embeddings else {
            throw .execution(.modelFault(model: model.descriptor.name))
        }
        metrics.statistics.executed(ModelLabels(model.descriptor), texts: tokenized.count, duration: started.duration(to: .now))
        return values
    }

    /// Refuses a prompt `model` does not have, naming those it has.
    static func check(prompt: String, of model: any EmbeddingOutputModel) throws(ServingError) {
        guard model.prompts[prompt] == nil else { return }
        let known = model.prompts.keys.sorted().joined(separator: ", ")
        throw .invalidInput("prompt \"\(prompt)\" is not one of model \(model.descriptor.name)'s prompts (\(known.isEmpty ? "it has none" : known))")
    }

    /// `inputs` as `model`'s token ids, checked and truncated as ``embed(_:with:truncation:deadline:)`` says.
    static func tokenized(_ inputs: [EmbeddingInput], by model: any EmbeddingOutputModel, truncation: Truncation?) throws(ServingError) -> [[Int32]] {
        let name = model.descriptor.name
        let limit = model.maxTokensPerText
        var tokenized: [[Int32]] = []
        tokenized.reserveCapacity(inputs.count)
        for (index, input) in inputs.enumerated() {
            let which = inputs.count == 1 ? "the input" : "input \(index + 1) of \(inputs.count)"
            switch input {
            case .text(_, let prompt?): try check(prompt: prompt, of: model)
            case .tokenIDs(let ids):
                let vocabulary = model.vocabularySize
                if let outside = ids.first(where: { $0 < 0 || Int($0) >= vocabulary }) {
                    throw .invalidInput("\(which) holds token id \(outside); model \(name)'s token ids are 0 to \(vocabulary - 1)")
                }
            case .text(_, nil): break
            }
            var ids = model.tokenIDs(input)
            guard !ids.isEmpty else { throw .invalidInput("\(which) has no tokens") }
            if ids.count > limit {
                switch truncation {
                case .right?: ids.removeSubrange(limit...)
                case .left?: ids.removeSubrange(..<(ids.count - limit))
                case nil: throw .invalidInput("\(which) is \(ids.count) tokens long; model \(name) reads at most \(limit) tokens of an input")
                }
            }
            tokenized.append(ids)
        }
        return tokenized
    }
}
