import Registry

// The artifact's `estimator` section for kind `tree`. Structural checks need the vocabulary size, so the
// plugin builds the tree from the decoded ``TreeArrays``.

/// The node arrays as an artifact stores them, before they are checked to form a tree.
public struct TreeArrays: Sendable, Equatable, Codable {
    /// See ``RegressionTree/childrenLeft``.
    public var childrenLeft: [Int]
    /// See ``RegressionTree/childrenRight``.
    public var childrenRight: [Int]
    /// See ``RegressionTree/feature``.
    public var feature: [Int]
    /// See ``RegressionTree/threshold``.
    public var threshold: [Double]
    /// See ``RegressionTree/value``.
    public var value: [Double]
}

extension RegressionTree {
    /// The tree's arrays, for writing.
    public var arrays: TreeArrays {
        TreeArrays(childrenLeft: childrenLeft, childrenRight: childrenRight, feature: feature, threshold: threshold, value: value)
    }

    /// A tree from decoded arrays, checked against `featureCount`.
    public init(_ arrays: TreeArrays, featureCount: Int) throws(ArtifactError) {
        try self.init(
            childrenLeft: arrays.childrenLeft,
            childrenRight: arrays.childrenRight,
            feature: arrays.feature,
            threshold: arrays.threshold,
            value: arrays.value,
            featureCount: featureCount
        )
    }
}
