import Registry
import TextFeatures

/// TF-IDF features and linear weights: `rating = intercept + Σ coef[i] · x[i]`.
public struct LinearRegressor: TrainedModel {
    /// Turns text into the features the weights apply to.
    public let vectorizer: TfidfVectorizer
    /// The weights and intercept.
    public let estimator: LinearEstimator

    /// Combines a vectorizer and weights with one weight per vocabulary term.
    public init(vectorizer: TfidfVectorizer, estimator: LinearEstimator) throws(ArtifactError) {
        try ArtifactValidation.requireCount(estimator.coef, vectorizer.featureCount, field: "estimator.coef", what: "one weight per vocabulary term")
        self.vectorizer = vectorizer
        self.estimator = estimator
    }

    /// The rating of `text`, as scikit-learn's `pipeline.predict([text])[0]` computes it.
    public func predict(_ text: String) -> Double {
        estimator.coef.withUnsafeBufferPointer { coef in vectorizer.withFeatures(of: text) { $0.dot(coef) } } + estimator.intercept
    }

    /// The rating of the valid UTF-8 `text`, equal to ``predict(_:)``'s of the same text.
    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double {
        estimator.coef.withUnsafeBufferPointer { coef in vectorizer.withFeatures(ofUTF8: text) { $0.dot(coef) } } + estimator.intercept
    }

    public var vectorizerSection: any Encodable & Sendable { vectorizer }
    public var estimatorSection: any Encodable & Sendable { estimator }
}
