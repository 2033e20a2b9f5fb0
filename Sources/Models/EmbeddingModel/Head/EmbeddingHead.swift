import Registry

/// The artifact's `estimator` section for kind `embedding`: a linear (ridge) head on the embedding.
package struct EmbeddingHead: Sendable, Equatable, Codable {
    /// One weight per embedding value.
    package var coef: [Double]
    /// The rating of a zero embedding.
    package var intercept: Double

    package init(coef: [Double], intercept: Double) {
        self.coef = coef
        self.intercept = intercept
    }

    private enum CodingKeys: String, CodingKey { case coef, intercept }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        coef = try container.decode([Double].self, forKey: .coef)
        intercept = try container.decode(Double.self, forKey: .intercept)
        try ArtifactValidation.requireFinite(coef, field: "estimator.coef")
        try ArtifactValidation.requireFinite(intercept, field: "estimator.intercept")
    }

    /// `intercept + coef · embedding`.
    func score(_ embedding: ArraySlice<Float>) -> Double {
        zip(coef, embedding).reduce(intercept) { $0 + $1.0 * Double($1.1) }
    }
}
