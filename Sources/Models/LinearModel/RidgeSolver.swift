import TextFeatures

/// Ridge regression with an unpenalised intercept on sparse rows:
/// minimise ‖y − Xw − b‖² + α‖w‖², solved by conjugate gradients on the least-squares problem (CGLS).
///
/// X is centred implicitly, never densified, so one iteration costs one pass over the non-zeros. Started
/// at zero, CGLS stays in the row space of X, so for α = 0 it converges to the minimum-norm least-squares
/// solution: what scikit-learn's `LinearRegression` returns when features outnumber rows.
public struct RidgeSolver: Sendable {
    /// The L2 penalty α ≥ 0.
    public var alpha: Double
    /// Stop when ‖Xᵀr − αw‖ has fallen below this share of its starting value.
    public var tolerance: Double
    /// Give up (and report it) after this many iterations; nil means 20 × min(rows, features) + 100.
    public var maxIterations: Int?

    /// A solver with penalty `alpha`.
    public init(alpha: Double, tolerance: Double = 1e-10, maxIterations: Int? = nil) {
        precondition(alpha >= 0 && alpha.isFinite, "alpha must be a finite number >= 0")
        self.alpha = alpha
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// The fitted weights, intercept and how the iteration ended.
    public struct Solution: Sendable {
        /// One weight per feature.
        public var coef: [Double]
        /// The intercept.
        public var intercept: Double
        /// Iterations run.
        public var iterations: Int
        /// The final ‖Xᵀr − αw‖ relative to its starting value.
        public var relativeGradient: Double
        /// Whether `relativeGradient` reached the tolerance.
        public var converged: Bool { relativeGradient <= tolerance }
        let tolerance: Double
    }

    /// Fits `targets` on `rows`, each a vector of `featureCount` features.
    public func solve(rows: [SparseVector], featureCount: Int, targets: [Double]) -> Solution {
        precondition(rows.count == targets.count && !rows.isEmpty, "one target per row, at least one row")
        let matrix = CenteredMatrix(rows: rows, featureCount: featureCount)
        let meanTarget = targets.reduce(0, +) / Double(targets.count)
        var residual = targets.map { $0 - meanTarget }
        var weights = [Double](repeating: 0, count: featureCount)
        var gradient = matrix.transposedProduct(residual)
        var direction = gradient
        var gamma = dot(gradient, gradient)
        let startNorm = gamma.squareRoot()
        let limit = maxIterations ?? 20 * min(rows.count, featureCount) + 100
        var iterations = 0
        var relative = startNorm > 0 ? 1.0 : 0.0
        while relative > tolerance && iterations < limit {
            iterations += 1
            let image = matrix.product(direction)
            let delta = dot(image, image) + alpha * dot(direction, direction)
            guard delta > 0 else { break }
            let step = gamma / delta
            axpy(step, direction, &weights)
            axpy(-step, image, &residual)
            gradient = matrix.transposedProduct(residual)
            axpy(-alpha, weights, &gradient)
            let nextGamma = dot(gradient, gradient)
            relative = nextGamma.squareRoot() / startNorm
            let beta = nextGamma / gamma
            gamma = nextGamma
            for index in direction.indices { direction[index] = gradient[index] + beta * direction[index] }
        }
        let intercept = meanTarget - dot(matrix.columnMeans, weights)
        return Solution(coef: weights, intercept: intercept, iterations: iterations, relativeGradient: relative, tolerance: tolerance)
    }
}

/// X − 1μᵀ for sparse X with column means μ, applied without being formed.
private struct CenteredMatrix {
    let rows: [SparseVector]
    let featureCount: Int
    let columnMeans: [Double]

    init(rows: [SparseVector], featureCount: Int) {
        var means = [Double](repeating: 0, count: featureCount)
        for row in rows {
            for (index, value) in zip(row.indices, row.values) { means[Int(index)] += value }
        }
        let count = Double(rows.count)
        for index in means.indices { means[index] /= count }
        self.rows = rows
        self.featureCount = featureCount
        self.columnMeans = means
    }

    /// (X − 1μᵀ) v
    func product(_ vector: [Double]) -> [Double] {
        let shift = dot(columnMeans, vector)
        return rows.map { $0.dot(vector) - shift }
    }

    /// (X − 1μᵀ)ᵀ u
    func transposedProduct(_ vector: [Double]) -> [Double] {
        let total = vector.reduce(0, +)
        var result = columnMeans.map { -$0 * total }
        result.withUnsafeMutableBufferPointer { result in
            for (row, factor) in zip(rows, vector) where factor != 0 {
                for (index, value) in zip(row.indices, row.values) { result[Int(index)] += value * factor }
            }
        }
        return result
    }
}

private func dot(_ left: [Double], _ right: [Double]) -> Double {
    var sum = 0.0
    for index in left.indices { sum += left[index] * right[index] }
    return sum
}

private func axpy(_ factor: Double, _ vector: [Double], _ target: inout [Double]) {
    for index in target.indices { target[index] += factor * vector[index] }
}
