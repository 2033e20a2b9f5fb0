import Registry

/// What a model gives an Open Inference Protocol request, before a front-end shapes it: the texts' ratings, and
/// their embeddings when the request asks for them and the model has them.
struct InferenceOutputs: Sendable {
    /// One rating a text, in order.
    var ratings: [Float]
    /// One row of `dimension` values a text; empty when not asked.
    var embeddings: [Float] = []
    /// The length of an embedding's row; 0 when not asked.
    var dimension = 0
}

extension Rater {
    /// `input`'s outputs from `model`, as every front-end of the Open Inference Protocol (`/v2` over HTTP,
    /// `ModelInfer` over gRPC) asks them: the embeddings rated beside the ratings when asked for and offered.
    func infer(
        _ input: InferenceRequest,
        with model: any TextModel,
        shadow: (any TextModel)?,
        deadline: ContinuousClock.Instant?
    ) async throws(ServingError) -> InferenceOutputs {
        if input.asks(for: InferenceTensor.embedding), let embedder = model as? any EmbeddingOutputModel {
            let (ratings, embeddings) = try await submitForEmbeddings(input.texts, to: embedder, shadow: shadow, joker: nil, deadline: deadline)
            return InferenceOutputs(ratings: ratings.map(Float.init), embeddings: embeddings, dimension: embedder.embeddingDimension)
        }
        let ratings = try await submit(input.texts, to: model, shadow: shadow, joker: nil, deadline: deadline)
        return InferenceOutputs(ratings: ratings.map(Float.init))
    }
}
