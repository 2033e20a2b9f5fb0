/// Fits one model kind from rated texts; the training pipeline searches its ``parameterGrid``.
public protocol ModelTrainer: Sendable {
    /// One point of the hyper-parameter grid.
    associatedtype Parameters: Encodable & Sendable & CustomStringConvertible

    /// The artifact `kind` the fitted models are written as.
    var kind: String { get }
    /// The registry name written models get, for example `"lr"`.
    var modelName: String { get }
    /// The candidates cross-validation chooses from, in a fixed order (ties go to the first).
    var parameterGrid: [Parameters] { get }

    /// Fits a model on `texts` rated `targets` with `parameters`.
    func fit(texts: [String], targets: [Double], parameters: Parameters) throws -> any TrainedModel
}

/// A freshly fitted model: it rates text and knows the kind-specific sections of its artifact.
public protocol TrainedModel: Sendable {
    /// Rates `text` exactly as the model loaded from this model's artifact will.
    func predict(_ text: String) -> Double
    /// The artifact's `vectorizer` section.
    var vectorizerSection: any Encodable & Sendable { get }
    /// The artifact's `estimator` section.
    var estimatorSection: any Encodable & Sendable { get }
}
