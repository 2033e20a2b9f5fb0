import Registry

/// The artifact's `estimator` section for kind `linear`: scikit-learn's `coef_` and `intercept_`.
public struct LinearEstimator: Sendable, Equatable, Codable {
    /// One weight per feature.
    public var coef: [Double]
    /// The rating of an empty text.
    public var intercept: Double

    /// Creates an estimator.
    public init(coef: [Double], intercept: Double) {
        self.coef = coef
        self.intercept = intercept
    }

    private enum CodingKeys: String, CodingKey { case coef, intercept }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        coef = try container.decode([Double].self, forKey: .coef)
        intercept = try container.decode(Double.self, forKey: .intercept)
        try ArtifactValidation.requireFinite(coef, field: "estimator.coef")
        try ArtifactValidation.requireFinite(intercept, field: "estimator.intercept")
    }
}
