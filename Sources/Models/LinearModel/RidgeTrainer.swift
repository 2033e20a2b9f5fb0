import Registry
import TextFeatures

/// Fits `linear` models: a TF-IDF vectorizer on the training texts, then ridge regression on its vectors.
public struct RidgeTrainer: ModelTrainer {
    /// One candidate: the vectorizer and the penalty.
    public struct Parameters: Sendable, Hashable, Encodable, CustomStringConvertible {
        /// How texts become features.
        public var vectorizer: TfidfSettings
        /// The L2 penalty; 0 is ordinary (minimum-norm) least squares.
        public var alpha: Double

        /// Creates parameters.
        public init(vectorizer: TfidfSettings, alpha: Double) {
            self.vectorizer = vectorizer
            self.alpha = alpha
        }

        public var description: String { "\(vectorizer.label), alpha \(alpha)" }

        private enum CodingKeys: String, CodingKey { case analyzer, ngramRange, alpha }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(vectorizer.analyzer, forKey: .analyzer)
            try container.encode([vectorizer.ngramRange.lowerBound, vectorizer.ngramRange.upperBound], forKey: .ngramRange)
            try container.encode(alpha, forKey: .alpha)
        }
    }

    /// Why a fit failed.
    public enum FitError: Error, CustomStringConvertible {
        /// Conjugate gradients did not reach the tolerance.
        case notConverged(iterations: Int, relativeGradient: Double)

        public var description: String {
            switch self {
            case .notConverged(let iterations, let gradient):
                "ridge regression did not converge in \(iterations) iterations (relative gradient \(gradient))"
            }
        }
    }

    public let kind = LinearModel.kind
    public let modelName: String
    public let parameterGrid: [Parameters]

    /// The penalties searched by default.
    public static let defaultAlphas: [Double] = [0.3, 1, 3, 10, 30]

    /// A trainer whose models are called `modelName`, searching `vectorizers` × `alphas`.
    public init(modelName: String = "lr", vectorizers: [TfidfSettings] = TfidfSettings.searchCandidates, alphas: [Double] = Self.defaultAlphas) {
        self.modelName = modelName
        self.parameterGrid = vectorizers.flatMap { vectorizer in alphas.map { Parameters(vectorizer: vectorizer, alpha: $0) } }
    }

    public func fit(texts: [String], targets: [Double], parameters: Parameters) throws -> any TrainedModel {
        let vectorizer = try TfidfVectorizer.fit(texts, settings: parameters.vectorizer)
        let solution = RidgeSolver(alpha: parameters.alpha).solve(
            rows: vectorizer.transform(texts),
            featureCount: vectorizer.featureCount,
            targets: targets
        )
        guard solution.converged else {
            throw FitError.notConverged(iterations: solution.iterations, relativeGradient: solution.relativeGradient)
        }
        return try LinearRegressor(vectorizer: vectorizer, estimator: LinearEstimator(coef: solution.coef, intercept: solution.intercept))
    }
}
