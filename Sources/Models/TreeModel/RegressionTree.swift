import Registry
import TextFeatures

/// A regression tree in scikit-learn's `tree_` layout: node `i` is a leaf when `childrenLeft[i] == -1`;
/// otherwise a sample goes left when `Float(x[feature[i]]) <= threshold[i]`.
///
/// Features are compared as `Float`, because scikit-learn fits and predicts trees on float32 inputs.
public struct RegressionTree: Sendable, Equatable {
    /// scikit-learn's marker of a leaf's missing child.
    public static let leaf = -1
    /// scikit-learn's `feature` and `threshold` of a leaf.
    public static let undefined = -2

    /// Left child of each node, or -1.
    public let childrenLeft: [Int]
    /// Right child of each node, or -1.
    public let childrenRight: [Int]
    /// The feature each split tests; -2 at leaves.
    public let feature: [Int]
    /// The split threshold; -2 at leaves.
    public let threshold: [Double]
    /// The prediction of each node: the mean target of its training samples.
    public let value: [Double]

    /// A tree from node arrays; throws an ``ArtifactError`` naming the field when they do not form a tree
    /// over `featureCount` features whose walk always ends at a leaf.
    public init(
        childrenLeft: [Int],
        childrenRight: [Int],
        feature: [Int],
        threshold: [Double],
        value: [Double],
        featureCount: Int
    )
        throws(ArtifactError)
    {
        let count = childrenLeft.count
        guard count > 0 else { throw ArtifactError(field: "estimator.childrenLeft", reason: "is empty; a tree has at least one node") }
        try ArtifactValidation.requireCount(childrenRight, count, field: "estimator.childrenRight", what: "one per node, as childrenLeft")
        try ArtifactValidation.requireCount(feature, count, field: "estimator.feature", what: "one per node, as childrenLeft")
        try ArtifactValidation.requireCount(threshold, count, field: "estimator.threshold", what: "one per node, as childrenLeft")
        try ArtifactValidation.requireCount(value, count, field: "estimator.value", what: "one per node, as childrenLeft")
        try ArtifactValidation.requireFinite(value, field: "estimator.value")
        for node in 0..<count {
            let (left, right) = (childrenLeft[node], childrenRight[node])
            if left == Self.leaf || right == Self.leaf {
                guard left == right else {
                    throw ArtifactError(
                        field: "estimator.childrenLeft[\(node)]",
                        reason: "node \(node) has one child; a node has two children or none"
                    )
                }
                continue
            }
            // Children after their parent (scikit-learn's depth-first order) rule out cycles.
            for (name, child) in [("childrenLeft", left), ("childrenRight", right)] where child <= node || child >= count {
                throw ArtifactError(field: "estimator.\(name)[\(node)]", reason: "\(child) is out of range; expected \(node + 1)..<\(count) or -1")
            }
            guard feature[node] >= 0 && feature[node] < featureCount else {
                throw ArtifactError(field: "estimator.feature[\(node)]", reason: "\(feature[node]) is out of range; expected 0..<\(featureCount)")
            }
            guard !threshold[node].isNaN else {
                throw ArtifactError(field: "estimator.threshold[\(node)]", reason: "is nan; a split threshold must be a number")
            }
        }
        self.childrenLeft = childrenLeft
        self.childrenRight = childrenRight
        self.feature = feature
        self.threshold = threshold
        self.value = value
    }

    /// Number of nodes.
    public var nodeCount: Int { childrenLeft.count }

    /// The leaf value `vector` reaches; a feature absent from the vector is 0.
    public func predict(_ vector: SparseVector) -> Double { vector.withFeatures { predict($0) } }

    /// The leaf value `features` reach; a feature absent from them is 0.
    public func predict(_ features: SparseFeatures) -> Double {
        var node = 0
        while childrenLeft[node] != Self.leaf {
            let x = Double(Float(features.value(at: feature[node])))
            node = x <= threshold[node] ? childrenLeft[node] : childrenRight[node]
        }
        return value[node]
    }
}
