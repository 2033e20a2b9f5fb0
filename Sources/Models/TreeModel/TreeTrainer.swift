import Registry
import TextFeatures

/// Fits `tree` models: a TF-IDF vectorizer on the training texts, then a CART regression tree.
public struct TreeTrainer: ModelTrainer {
    /// One candidate: the vectorizer and the tree's size limits.
    public struct Parameters: Sendable, Hashable, Encodable, CustomStringConvertible {
        /// How texts become features.
        public var vectorizer: TfidfSettings
        /// scikit-learn's `max_depth`.
        public var maxDepth: Int?
        /// scikit-learn's `min_samples_split`.
        public var minSamplesSplit: Int
        /// scikit-learn's `min_samples_leaf`.
        public var minSamplesLeaf: Int

        /// Creates parameters.
        public init(vectorizer: TfidfSettings, maxDepth: Int?, minSamplesSplit: Int = 2, minSamplesLeaf: Int) {
            self.vectorizer = vectorizer
            self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit
            self.minSamplesLeaf = minSamplesLeaf
        }

        public var description: String {
            "\(vectorizer.label), max depth \(maxDepth.map(String.init) ?? "none"), min samples leaf \(minSamplesLeaf)"
        }

        private enum CodingKeys: String, CodingKey { case analyzer, ngramRange, maxDepth, minSamplesSplit, minSamplesLeaf }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(vectorizer.analyzer, forKey: .analyzer)
            try container.encode([vectorizer.ngramRange.lowerBound, vectorizer.ngramRange.upperBound], forKey: .ngramRange)
            try container.encode(maxDepth, forKey: .maxDepth)
            try container.encode(minSamplesSplit, forKey: .minSamplesSplit)
            try container.encode(minSamplesLeaf, forKey: .minSamplesLeaf)
        }
    }

    public let kind = TreeModel.kind
    public let modelName: String
    public let parameterGrid: [Parameters]

    /// The depths searched by default.
    public static let defaultDepths = [1, 2, 3, 4, 6]
    /// The leaf sizes searched by default.
    public static let defaultLeafSizes = [10, 30, 100]

    /// A trainer whose models are called `modelName`, searching `vectorizers` × `depths` × `leafSizes`.
    public init(
        modelName: String = "tr",
        vectorizers: [TfidfSettings] = TfidfSettings.searchCandidates,
        depths: [Int] = Self.defaultDepths,
        leafSizes: [Int] = Self.defaultLeafSizes
    ) {
        self.modelName = modelName
        self.parameterGrid = vectorizers.flatMap { vectorizer in
            depths.flatMap { depth in leafSizes.map { Parameters(vectorizer: vectorizer, maxDepth: depth, minSamplesLeaf: $0) } }
        }
    }

    public func fit(texts: [String], targets: [Double], parameters: Parameters) throws -> any TrainedModel {
        let vectorizer = try TfidfVectorizer.fit(texts, settings: parameters.vectorizer)
        let builder = CARTBuilder(
            maxDepth: parameters.maxDepth,
            minSamplesSplit: parameters.minSamplesSplit,
            minSamplesLeaf: parameters.minSamplesLeaf
        )
        let tree = try builder.fit(rows: vectorizer.transform(texts), targets: targets, featureCount: vectorizer.featureCount)
        return TreeRegressor(vectorizer: vectorizer, tree: tree)
    }
}
