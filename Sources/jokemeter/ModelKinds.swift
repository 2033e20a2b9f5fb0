import LinearModel
import Registry
import TextFeatures
import TreeModel

/// The one place that knows every model kind: a new kind is one line in each list.
enum ModelKinds {
    /// Loaders of every artifact kind.
    static let plugins: [any ModelPlugin.Type] = [LinearModel.self, TreeModel.self]

    /// Trainers of the shipped models, in the order they run; an empty list keeps that part of the
    /// default grid.
    static func trainers(
        vectorizers: [TfidfSettings] = [],
        alphas: [Double] = [],
        depths: [Int] = [],
        leafSizes: [Int] = []
    ) -> [any ModelTrainer] {
        let vectorizers = vectorizers.isEmpty ? TfidfSettings.searchCandidates : vectorizers
        return [
            RidgeTrainer(vectorizers: vectorizers, alphas: alphas.isEmpty ? RidgeTrainer.defaultAlphas : alphas),
            TreeTrainer(
                vectorizers: vectorizers,
                depths: depths.isEmpty ? TreeTrainer.defaultDepths : depths,
                leafSizes: leafSizes.isEmpty ? TreeTrainer.defaultLeafSizes : leafSizes
            ),
        ]
    }

    /// A loader that reads every kind.
    static var loader: ModelLoader { ModelLoader(plugins: plugins) }
}
