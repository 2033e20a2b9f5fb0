import Registry
import TextFeatures

/// The `tree` model kind: TF-IDF + regression tree, loaded from an artifact.
public struct TreeModel: ModelPlugin, ExplainableModel {
    public static let kind = "tree"

    public let descriptor: ModelDescriptor
    /// The vectorizer and tree.
    public let regressor: TreeRegressor

    public init(artifact: ModelArtifact) throws {
        let body = try artifact.decode(Body.self)
        descriptor = artifact.descriptor
        regressor = TreeRegressor(vectorizer: body.vectorizer, tree: try RegressionTree(body.estimator, featureCount: body.vectorizer.featureCount))
    }

    public func predict(_ text: String) -> Double { regressor.predict(text) }

    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double { regressor.predict(utf8: text) }

    public func explain(_ text: String) -> Explanation { regressor.explain(text) }

    private struct Body: Decodable {
        var vectorizer: TfidfVectorizer
        var estimator: TreeArrays
    }
}
