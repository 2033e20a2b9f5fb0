import Registry
import TextFeatures

/// TF-IDF features and a regression tree.
public struct TreeRegressor: TrainedModel {
    /// Turns text into the features the tree tests.
    public let vectorizer: TfidfVectorizer
    /// The fitted tree.
    public let tree: RegressionTree

    /// Combines a vectorizer and a tree over its features.
    public init(vectorizer: TfidfVectorizer, tree: RegressionTree) {
        self.vectorizer = vectorizer
        self.tree = tree
    }

    /// The rating of `text`, as scikit-learn's `pipeline.predict([text])[0]` computes it.
    public func predict(_ text: String) -> Double { vectorizer.withFeatures(of: text) { tree.predict($0) } }

    /// The rating of the valid UTF-8 `text`, equal to ``predict(_:)``'s of the same text.
    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double { vectorizer.withFeatures(ofUTF8: text) { tree.predict($0) } }

    public var vectorizerSection: any Encodable & Sendable { vectorizer }
    public var estimatorSection: any Encodable & Sendable { tree.arrays }
}
