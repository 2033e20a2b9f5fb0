import Foundation

/// How far predictions are from the truth.
public struct RegressionMetrics: Sendable, Equatable {
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Spearman's rank correlation; nil when either side is constant.
    public var spearman: Double?

    /// The metrics of `predictions` against `actual`.
    public init(predictions: [Double], actual: [Double]) {
        precondition(predictions.count == actual.count && !actual.isEmpty, "one prediction per actual value")
        var squared = 0.0
        var absolute = 0.0
        for (prediction, truth) in zip(predictions, actual) {
            squared += (prediction - truth) * (prediction - truth)
            absolute += abs(prediction - truth)
        }
        rmse = (squared / Double(actual.count)).squareRoot()
        mae = absolute / Double(actual.count)
        spearman = Self.pearson(Self.ranks(predictions), Self.ranks(actual))
    }

    /// Ranks from 1, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = average }
            start = end + 1
        }
        return ranks
    }

    static func pearson(_ left: [Double], _ right: [Double]) -> Double? {
        let count = Double(left.count)
        let meanLeft = left.reduce(0, +) / count
        let meanRight = right.reduce(0, +) / count
        var covariance = 0.0
        var varianceLeft = 0.0
        var varianceRight = 0.0
        for (a, b) in zip(left, right) {
            covariance += (a - meanLeft) * (b - meanRight)
            varianceLeft += (a - meanLeft) * (a - meanLeft)
            varianceRight += (b - meanRight) * (b - meanRight)
        }
        guard varianceLeft > 0 && varianceRight > 0 else { return nil }
        return covariance / (varianceLeft * varianceRight).squareRoot()
    }
}
