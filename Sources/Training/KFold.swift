/// k-fold cross-validation splits of `0..<count`, shuffled by a seeded generator: the same seed gives the
/// same folds on every machine and toolchain.
public struct KFold: Sendable {
    /// One split: the rows to fit on and the rows to score.
    public struct Split: Sendable, Equatable {
        /// Rows to fit on, ascending.
        public var train: [Int]
        /// Rows to score, ascending.
        public var test: [Int]
    }

    /// The splits, as many as folds; every row is in exactly one `test`.
    public let splits: [Split]

    /// Splits `count` rows into `folds` folds; the first `count % folds` folds get one row more, as in
    /// scikit-learn's `KFold`.
    public init(count: Int, folds: Int, seed: UInt64) {
        precondition(folds >= 2 && count >= folds, "k-fold needs 2 <= folds <= rows")
        var order = Array(0..<count)
        var generator = SplitMix64(seed: seed)
        for position in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(position, Int(generator.next() % UInt64(position + 1)))
        }
        var splits: [Split] = []
        var start = 0
        for fold in 0..<folds {
            let size = count / folds + (fold < count % folds ? 1 : 0)
            let test = order[start..<(start + size)].sorted()
            let testSet = Set(test)
            splits.append(Split(train: (0..<count).filter { !testSet.contains($0) }, test: test))
            start += size
        }
        self.splits = splits
    }
}
