import Registry
import TextFeatures

/// The `linear` model kind: TF-IDF + linear regression, loaded from an artifact.
public struct LinearModel: ModelPlugin, ExplainableModel {
    public static let kind = "linear"

    public let descriptor: ModelDescriptor
    /// The vectorizer and weights.
    public let regressor: LinearRegressor

    public init(artifact: ModelArtifact) throws {
        let body = try artifact.decode(Body.self)
        descriptor = artifact.descriptor
        regressor = try LinearRegressor(vectorizer: body.vectorizer, estimator: body.estimator)
    }

    public func predict(_ text: String) -> Double { regressor.predict(text) }

    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double { regressor.predict(utf8: text) }

    public func explain(_ text: String) -> Explanation { regressor.explain(text) }

    private struct Body: Decodable {
        var vectorizer: TfidfVectorizer
        var estimator: LinearEstimator
    }
}
