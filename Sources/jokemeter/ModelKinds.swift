import LinearModel
import Registry
import TreeModel

/// The one place that knows every model kind: a new kind is one line in each list.
enum ModelKinds {
    /// Loaders of every artifact kind.
    static let plugins: [any ModelPlugin.Type] = [LinearModel.self, TreeModel.self]

    /// Trainers of the shipped models, in the order they run.
    static let trainers: [any ModelTrainer] = [RidgeTrainer(), TreeTrainer()]

    /// A loader that reads every kind.
    static var loader: ModelLoader { ModelLoader(plugins: plugins) }
}
