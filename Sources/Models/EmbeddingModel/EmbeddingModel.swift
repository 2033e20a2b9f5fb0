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
        var prompts = body.vectorizer.prompts ?? [:]
        let prefix = body.vectorizer.prefix
        if !prefix.isEmpty && !prompts.values.contains(prefix) {
            guard prompts["default"] == nil else {
                throw ArtifactError(field: "vectorizer.prompts", reason: "names a prompt default that is not the prefix \"\(prefix)\"")
            }
            prompts["default"] = prefix
        }
        self.prompts = prompts
        defaultPrompt = prefix.isEmpty ? nil : prompts.filter { $0.value == prefix }.keys.min()
    }

    public let maxTokensPerText: Int

    /// The tokens of the default prompt and the text, unwindowed.
    public func tokenCount(_ text: String) -> Int { encoder.tokenIDs(text).count }

    public func predict(_ text: String) -> Double { predict(batch: [text])[0] }

    public func predict(batch texts: [String]) -> [Double] { predictAndEmbed(batch: texts).ratings }

    public var embeddingDimension: Int { encoder.dimension }

    /// The artifact's prompts, and its prefix among them (as `default` when no prompt of the artifact is it).
    public let prompts: [String: String]

    /// The name of the artifact's prefix among ``prompts``; nil when the prefix is empty.
    public let defaultPrompt: String?

    public var vocabularySize: Int { encoder.vocabularySize }

    public func tokenIDs(_ input: EmbeddingInput) -> [Int32] {
        switch input {
        case .text(let text, let prompt): return encoder.tokenIDs(text, prefix: prefixText(prompt))
        case .tokenIDs(let ids):
            let (start, end) = encoder.specialIDs
            let from = ids.first == start ? 1 : 0
            let to = ids.count > from && ids.last == end ? ids.count - 1 : ids.count
            return Array(ids[from..<to])
        }
    }

    public func tokens(of text: String, prompt: String?, specials: Bool) -> [ModelToken] {
        encoder.tokens(of: text, prefix: prefixText(prompt), specials: specials)
    }

    public func embed(tokenized inputs: [[Int32]]) -> [Float] { encoder.embed(tokenized: inputs) }

    public func rating(ofEmbedding embedding: ArraySlice<Float>) -> Double { head.score(embedding) }

    /// The text of the prompt named `name`: the artifact's prefix when nil or not among ``prompts``.
    private func prefixText(_ name: String?) -> String { name.flatMap { prompts[$0] } ?? encoder.prefix }

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
