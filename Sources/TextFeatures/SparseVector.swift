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

    /// Number of non-zero entries.
    public var nonZeroCount: Int { indices.count }

    /// The value of `feature`; 0 when absent.
    public func value(at feature: Int) -> Double {
        var low = 0
        var high = indices.count
        let target = Int32(truncatingIfNeeded: feature)
        while low < high {
            let middle = (low + high) / 2
            if indices[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < indices.count && indices[low] == target ? values[low] : 0
    }

    /// The dot product with a dense `weights` vector, summed in index order as scikit-learn's sparse product does.
    public func dot(_ weights: [Double]) -> Double {
        var sum = 0.0
        weights.withUnsafeBufferPointer { weights in
            for position in indices.indices {
                sum += values[position] * weights[Int(indices[position])]
            }
        }
        return sum
    }
}
