/// Which terms of a corpus become features: scikit-learn's `min_df`, `max_df` and `max_features`.
public struct DocumentFrequencyLimits: Sendable, Equatable, Hashable {
    /// A document-frequency bound: a number of documents, or a proportion of them.
    public enum Bound: Sendable, Equatable, Hashable {
        /// At least / at most this many documents.
        case count(Int)
        /// At least / at most this share of the documents (0...1).
        case proportion(Double)

        func documents(of total: Int) -> Double {
            switch self {
            case .count(let count): Double(count)
            case .proportion(let share): share * Double(total)
            }
        }
    }

    /// Terms in fewer documents are dropped (`min_df`, default 1).
    public var minDf: Bound
    /// Terms in more documents are dropped (`max_df`, default 1.0).
    public var maxDf: Bound
    /// Keep only this many terms, the most frequent in the corpus (`max_features`).
    public var maxFeatures: Int?

    /// Creates limits; the defaults keep every term.
    public init(minDf: Bound = .count(1), maxDf: Bound = .proportion(1.0), maxFeatures: Int? = nil) {
        self.minDf = minDf
        self.maxDf = maxDf
        self.maxFeatures = maxFeatures
    }
}
