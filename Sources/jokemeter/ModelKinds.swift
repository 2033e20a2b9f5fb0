import EmbeddingModel
import LinearModel
import Registry
import TextFeatures
import TreeModel

/// The one place that knows every model kind: a new kind is one line in each list.
enum ModelKinds {
    /// Loaders of every artifact kind.
    static let plugins: [any ModelPlugin.Type] = [LinearModel.self, TreeModel.self, EmbeddingModel.self]

    /// The models `jokemeter train` knows.
    static let trainable = ["lr", "tr", "emb"]
    /// The encoder weights file the `emb` model is trained on, by default in the folder it is written to.
    static let embeddingWeightsFile = "e5-small-q4-0.3.0.weights"

    /// Trainers of the shipped models, in the order they run; an empty list keeps that part of the
    /// default grid. `emb` is trained only given its encoder's weights file.
    static func trainers(
        vectorizers: [TfidfSettings] = [],
        alphas: [Double] = [],
        depths: [Int] = [],
        leafSizes: [Int] = [],
        embeddingWeights: String? = nil,
        embeddingAlphas: [Double] = []
    ) throws -> [any ModelTrainer] {
        let vectorizers = vectorizers.isEmpty ? TfidfSettings.searchCandidates : vectorizers
        let embedding = try embeddingWeights.map {
            try EmbeddingTrainer(weightsPath: $0, alphas: embeddingAlphas.isEmpty ? EmbeddingTrainer.defaultAlphas : embeddingAlphas)
        }
        return [
            RidgeTrainer(vectorizers: vectorizers, alphas: alphas.isEmpty ? RidgeTrainer.defaultAlphas : alphas),
            TreeTrainer(
                vectorizers: vectorizers,
                depths: depths.isEmpty ? TreeTrainer.defaultDepths : depths,
                leafSizes: leafSizes.isEmpty ? TreeTrainer.defaultLeafSizes : leafSizes
            ),
        ] + (embedding.map { [$0] } ?? [])
    }

    /// A loader that reads every kind.
    static var loader: ModelLoader { ModelLoader(plugins: plugins) }
}
