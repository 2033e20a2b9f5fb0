import Dispatch
import Registry
import Synchronization

/// Fits `embedding` models: a ridge head on the sentence embeddings of an encoder weights file. Each text's
/// embedding is computed once, on every core, and shared by every fold and penalty of the search.
public struct EmbeddingTrainer: ModelTrainer {
    /// One candidate: the ridge penalty.
    public struct Parameters: Sendable, Hashable, Encodable, CustomStringConvertible {
        /// The L2 penalty, > 0.
        public var alpha: Double

        public init(alpha: Double) { self.alpha = alpha }

        public var description: String { "alpha \(alpha)" }
    }

    public let kind = EmbeddingModel.kind
    public let modelName: String
    public let parameterGrid: [Parameters]
    private let encoder: SentenceEncoder
    private let section: EmbeddingEncoderSection
    private let cache: EmbeddingCache

    /// The penalties searched by default (the embeddings have unit length, so the useful penalties are small).
    public static let defaultAlphas: [Double] = [0.1, 0.3, 1, 3, 10]
    /// The prefix multilingual-e5 wants before a text it embeds for a task such as rating.
    public static let defaultPrefix = "query: "
    /// The prompts multilingual-e5's model card names: `query: ` before a question or a text to rate, `passage: `
    /// before a text to be found.
    public static let defaultPrompts = ["query": "query: ", "passage": "passage: "]

    /// A trainer of models called `modelName` on the encoder weights file at `weightsPath`, whose artifacts name
    /// that file (by its name: it must lie in the folder the artifacts are written to).
    public init(modelName: String = "emb", weightsPath: String, prefix: String = Self.defaultPrefix, alphas: [Double] = Self.defaultAlphas) throws {
        guard let reference = WeightsFileReference(describing: weightsPath) else {
            throw ArtifactError(field: "weights", reason: "\(weightsPath) cannot be read")
        }
        let file = try EncoderWeightsFile(path: weightsPath, field: "weights")
        encoder = try SentenceEncoder(file: file, prefix: prefix)
        section = EmbeddingEncoderSection(weights: reference, prefix: prefix, prompts: Self.defaultPrompts)
        self.modelName = modelName
        parameterGrid = alphas.map(Parameters.init)
        cache = EmbeddingCache()
    }

    public func fit(texts: [String], targets: [Double], parameters: Parameters) throws -> any TrainedModel {
        let rows = cache.embeddings(of: texts, encoder: encoder)
        let (coef, intercept) = DenseRidge.fit(rows: rows, width: encoder.dimension, targets: targets, alpha: parameters.alpha)
        return TrainedEmbeddingModel(encoder: encoder, cache: cache, section: section, head: EmbeddingHead(coef: coef, intercept: intercept))
    }
}

/// A fitted head and the encoder it reads.
struct TrainedEmbeddingModel: TrainedModel {
    let encoder: SentenceEncoder
    let cache: EmbeddingCache
    let section: EmbeddingEncoderSection
    let head: EmbeddingHead

    func predict(_ text: String) -> Double { head.score(ArraySlice(cache.embeddings(of: [text], encoder: encoder))) }

    var vectorizerSection: any Encodable & Sendable { section }
    var estimatorSection: any Encodable & Sendable { head }
}

/// Each text's embedding, computed once (texts not seen yet are embedded on every core, 16 at a time).
final class EmbeddingCache: Sendable {
    private let stored = Mutex<[String: [Float]]>([:])

    /// The embeddings of `texts`, row by row.
    func embeddings(of texts: [String], encoder: SentenceEncoder) -> [Float] {
        let missing = Array(Set(stored.withLock { known in texts.filter { known[$0] == nil } }))
        if !missing.isEmpty {
            let chunks = stride(from: 0, to: missing.count, by: 16).map { Array(missing[$0..<min($0 + 16, missing.count)]) }
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                let rows = encoder.embed(chunks[index])
                stored.withLock { known in
                    for (row, text) in chunks[index].enumerated() {
                        known[text] = Array(rows[row * encoder.dimension..<(row + 1) * encoder.dimension])
                    }
                }
            }
        }
        return stored.withLock { known in texts.flatMap { known[$0]! } }
    }
}
