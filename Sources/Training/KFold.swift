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

/// SplitMix64: a tiny, well-mixed, fully specified generator, so shuffles never depend on the standard
/// library's choice of algorithm.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
