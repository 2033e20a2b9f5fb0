import TextFeatures

/// Grows a regression tree as scikit-learn's `DecisionTreeRegressor` does with the squared-error criterion
/// and the best splitter: depth first, left subtree before right, thresholds at midpoints of float32 values.
///
/// Split candidates are scanned in ascending feature order and the first strictly best one wins, where
/// scikit-learn visits features in a random order: on exactly tied splits the two may choose differently.
public struct CARTBuilder: Sendable {
    /// Deepest allowed node depth (the root is depth 0); nil grows until leaves are pure or too small.
    public var maxDepth: Int?
    /// A node with fewer samples is a leaf.
    public var minSamplesSplit: Int
    /// Each side of a split keeps at least this many samples.
    public var minSamplesLeaf: Int

    /// Creates a builder; the defaults are scikit-learn's.
    public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1) {
        precondition(minSamplesSplit >= 2 && minSamplesLeaf >= 1, "min_samples_split >= 2 and min_samples_leaf >= 1")
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
    }

    /// Values closer than this are one value (scikit-learn's `FEATURE_THRESHOLD`).
    static let featureThreshold = 1e-7
    /// Impurity at or below this is pure (scikit-learn's `EPSILON`, the double machine epsilon).
    static let pureImpurity = Double.ulpOfOne

    /// Fits a tree to `rows` of `featureCount` features rated `targets`.
    public func fit(rows: [SparseVector], targets: [Double], featureCount: Int) throws -> RegressionTree {
        precondition(rows.count == targets.count && !rows.isEmpty, "one target per row, at least one row")
        var growth = Growth(rows: rows, targets: targets, builder: self)
        var samples = Array(rows.indices)
        growth.grow(&samples[...], depth: 0)
        return try RegressionTree(
            childrenLeft: growth.childrenLeft,
            childrenRight: growth.childrenRight,
            feature: growth.feature,
            threshold: growth.threshold,
            value: growth.value,
            featureCount: featureCount
        )
    }
}

/// The node arrays as the tree grows, and the rows as float32, as scikit-learn sees them.
private struct Growth {
    struct Entry {
        var feature: Int32
        var value: Float
        var target: Double
    }

    struct Split {
        var feature: Int
        var threshold: Double
        var proxy: Double
    }

    let rowFeatures: [[Int32]]
    let rowValues: [[Float]]
    let targets: [Double]
    let builder: CARTBuilder
    var childrenLeft: [Int] = []
    var childrenRight: [Int] = []
    var feature: [Int] = []
    var threshold: [Double] = []
    var value: [Double] = []
    var entries: [Entry] = []

    init(rows: [SparseVector], targets: [Double], builder: CARTBuilder) {
        rowFeatures = rows.map(\.indices)
        rowValues = rows.map { $0.values.map { Float($0) } }
        self.targets = targets
        self.builder = builder
    }

    /// Adds the node of `samples` and, unless it is a leaf, its subtrees; returns the node's id.
    @discardableResult
    mutating func grow(_ samples: inout ArraySlice<Int>, depth: Int) -> Int {
        let node = childrenLeft.count
        childrenLeft.append(RegressionTree.leaf)
        childrenRight.append(RegressionTree.leaf)
        feature.append(RegressionTree.undefined)
        threshold.append(Double(RegressionTree.undefined))
        var sum = 0.0
        var squares = 0.0
        for sample in samples {
            sum += targets[sample]
            squares += targets[sample] * targets[sample]
        }
        let count = Double(samples.count)
        value.append(sum / count)

        let impurity = squares / count - (sum / count) * (sum / count)
        let mayGrow =
            depth < (builder.maxDepth ?? .max) && samples.count >= builder.minSamplesSplit
            && samples.count >= 2 * builder.minSamplesLeaf && impurity > CARTBuilder.pureImpurity
        guard mayGrow, let split = bestSplit(samples, sum: sum) else { return node }

        let pivot = partition(&samples, split)
        feature[node] = split.feature
        threshold[node] = split.threshold
        childrenLeft[node] = grow(&samples[samples.startIndex..<pivot], depth: depth + 1)
        childrenRight[node] = grow(&samples[pivot..<samples.endIndex], depth: depth + 1)
        return node
    }

    /// Moves the samples going left to the front, keeping their order; returns where the right ones start.
    private func partition(_ samples: inout ArraySlice<Int>, _ split: Split) -> Int {
        let goesLeft = samples.map { Double(value(of: $0, feature: split.feature)) <= split.threshold }
        let left = zip(samples, goesLeft).filter { $0.1 }.map(\.0)
        let right = zip(samples, goesLeft).filter { !$0.1 }.map(\.0)
        samples.replaceSubrange(samples.startIndex..<samples.endIndex, with: left + right)
        return samples.startIndex + left.count
    }

    private func value(of sample: Int, feature: Int) -> Float {
        let features = rowFeatures[sample]
        var low = 0
        var high = features.count
        while low < high {
            let middle = (low + high) / 2
            if features[middle] < Int32(feature) { low = middle + 1 } else { high = middle }
        }
        return low < features.count && features[low] == Int32(feature) ? rowValues[sample][low] : 0
    }

    /// The split of `samples` with the largest `sumLeft²/nLeft + sumRight²/nRight`, if any is allowed.
    private mutating func bestSplit(_ samples: ArraySlice<Int>, sum: Double) -> Split? {
        entries.removeAll(keepingCapacity: true)
        for sample in samples {
            for (feature, value) in zip(rowFeatures[sample], rowValues[sample]) where value != 0 {
                entries.append(Entry(feature: feature, value: value, target: targets[sample]))
            }
        }
        entries.sort { $0.feature != $1.feature ? $0.feature < $1.feature : $0.value < $1.value }

        var best: Split?
        var start = 0
        var groups: [(value: Float, count: Int, sum: Double)] = []
        while start < entries.count {
            var end = start
            var nonZeroSum = 0.0
            while end < entries.count && entries[end].feature == entries[start].feature {
                nonZeroSum += entries[end].target
                end += 1
            }
            // The feature's values in order: negatives, the block of zeros, positives.
            groups.removeAll(keepingCapacity: true)
            let zeros = samples.count - (end - start)
            var zerosPlaced = zeros == 0
            for entry in entries[start..<end] {
                if !zerosPlaced && entry.value > 0 {
                    groups.append((0, zeros, sum - nonZeroSum))
                    zerosPlaced = true
                }
                groups.append((entry.value, 1, entry.target))
            }
            if !zerosPlaced { groups.append((0, zeros, sum - nonZeroSum)) }
            if let split = bestSplit(groups, feature: Int(entries[start].feature), total: samples.count, sum: sum),
                split.proxy > best?.proxy ?? -.infinity
            {
                best = split
            }
            start = end
        }
        return best
    }

    private func bestSplit(_ groups: [(value: Float, count: Int, sum: Double)], feature: Int, total: Int, sum: Double) -> Split? {
        var best: Split?
        var leftCount = 0
        var leftSum = 0.0
        for position in 0..<(groups.count - 1) {
            leftCount += groups[position].count
            leftSum += groups[position].sum
            let (current, next) = (Double(groups[position].value), Double(groups[position + 1].value))
            if next <= current + CARTBuilder.featureThreshold { continue }
            let rightCount = total - leftCount
            if leftCount < builder.minSamplesLeaf || rightCount < builder.minSamplesLeaf { continue }
            let rightSum = sum - leftSum
            let proxy = leftSum * leftSum / Double(leftCount) + rightSum * rightSum / Double(rightCount)
            if proxy > best?.proxy ?? -.infinity {
                var threshold = current / 2 + next / 2
                if threshold == next || !threshold.isFinite { threshold = current }
                best = Split(feature: feature, threshold: threshold, proxy: proxy)
            }
        }
        return best
    }
}
