/// A document's feature vector: the non-zero entries, by ascending feature index.
public struct SparseVector: Sendable, Equatable {
    /// Feature indices, strictly ascending.
    public var indices: [Int32]
    /// The value of each listed feature.
    public var values: [Double]

    /// Creates a vector; `indices` must be strictly ascending and as many as `values`.
    public init(indices: [Int32] = [], values: [Double] = []) {
        precondition(indices.count == values.count, "a sparse vector needs one value per index")
        self.indices = indices
        self.values = values
    }

    /// A copy of borrowed `features`.
    public init(_ features: SparseFeatures) {
        self.init(indices: Array(features.indices), values: Array(features.values))
    }

    /// Number of non-zero entries.
    public var nonZeroCount: Int { indices.count }

    /// Runs `body` with the vector's entries as ``SparseFeatures``.
    public func withFeatures<Result>(_ body: (SparseFeatures) throws -> Result) rethrows -> Result {
        try indices.withUnsafeBufferPointer { indices in
            try values.withUnsafeBufferPointer { values in try body(SparseFeatures(indices: indices, values: values)) }
        }
    }

    /// The value of `feature`; 0 when absent.
    public func value(at feature: Int) -> Double { withFeatures { $0.value(at: feature) } }

    /// The dot product with a dense `weights` vector, summed in index order as scikit-learn's sparse product does.
    public func dot(_ weights: [Double]) -> Double {
        weights.withUnsafeBufferPointer { weights in withFeatures { $0.dot(weights) } }
    }
}
