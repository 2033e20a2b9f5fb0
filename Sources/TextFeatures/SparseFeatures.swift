/// A document's TF-IDF features in scratch memory, as ``TfidfVectorizer/withFeatures(of:_:)`` lends them:
/// the non-zero entries by ascending feature index. Valid only inside that call.
public struct SparseFeatures {
    /// Feature indices, strictly ascending.
    public let indices: UnsafeBufferPointer<Int32>
    /// The value of each listed feature.
    public let values: UnsafeBufferPointer<Double>

    /// Views `indices` and their `values`, which must be as many.
    public init(indices: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) {
        precondition(indices.count == values.count, "sparse features need one value per index")
        self.indices = indices
        self.values = values
    }

    /// Number of non-zero entries.
    public var nonZeroCount: Int { indices.count }

    /// The value of `feature`; 0 when absent.
    @inline(__always)
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
    @inline(__always)
    public func dot(_ weights: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for position in 0..<indices.count {
            sum += values[position] * weights[Int(indices[position])]
        }
        return sum
    }
}
