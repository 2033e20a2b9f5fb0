import Foundation
import Registry

/// The `embedding` model kind: a sentence-embedding encoder (multilingual-e5-small, its weights in a file beside
/// the artifact) and a ridge head on the embedding. A rating costs milliseconds of compute, so the kind runs on
/// threads of its own, batched.
public struct EmbeddingModel: ModelPlugin, TokenizedModel, EmbeddingOutputModel {
    public static let kind = "embedding"

    public let descriptor: ModelDescriptor
    /// The encoder: text to a unit-length embedding.
    package let encoder: SentenceEncoder
    /// The ridge head on the embedding.
    package let head: EmbeddingHead

    public init(artifact: ModelArtifact) throws {
        let body = try artifact.decode(Body.self)
        guard let directory = artifact.directory else {
            throw ArtifactError(
                field: "vectorizer.weights.file",
                reason: "names a file beside the artifact, and this artifact was read from bytes alone"
            )
        }
        let file = try body.vectorizer.weights.open(in: directory)
        encoder = try SentenceEncoder(file: file, prefix: body.vectorizer.prefix)
        guard body.estimator.coef.count == encoder.dimension else {
            throw ArtifactError(
                field: "estimator.coef",
                reason: "has \(body.estimator.coef.count) weights; the encoder's embeddings have \(encoder.dimension) values"
            )
        }
        head = body.estimator
        maxTokensPerText = body.vectorizer.maxTokens ?? EmbeddingEncoderSection.defaultMaxTokens
        guard maxTokensPerText >= 1 else { throw ArtifactError(field: "vectorizer.maxTokens", reason: "must be 1 or more") }
        descriptor = artifact.descriptor
    }

    public let maxTokensPerText: Int

    /// The tokens of the prefix and the text, unwindowed.
    public func tokenCount(_ text: String) -> Int { encoder.tokenIDs(text).count }

    public func predict(_ text: String) -> Double { predict(batch: [text])[0] }

    public func predict(batch texts: [String]) -> [Double] { predictAndEmbed(batch: texts).ratings }

    public var embeddingDimension: Int { encoder.dimension }

    public func predictAndEmbed(batch texts: [String]) -> (ratings: [Double], embeddings: [Float]) {
        let embeddings = encoder.embed(texts)
        let ratings = texts.indices.map { head.score(embeddings[$0 * encoder.dimension..<($0 + 1) * encoder.dimension]) }
        return (ratings, embeddings)
    }

    /// One thread (the other core answers requests), a short queue, batches of up to 16 texts and 4096 tokens
    /// gathered for 5 ms.
    public var execution: ModelExecution {
        .dedicated(
            DedicatedExecution(
                threads: 1,
                queueLimit: 32,
                maxBatchSize: 16,
                maxBatchDelay: .milliseconds(5),
                timeout: .seconds(10),
                maxBatchTokens: 4096
            )
        )
    }

    private struct Body: Decodable {
        var vectorizer: EmbeddingEncoderSection
        var estimator: EmbeddingHead
    }
}
