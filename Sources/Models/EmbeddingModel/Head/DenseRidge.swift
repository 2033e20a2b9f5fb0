/// Ridge regression with an unpenalised intercept on dense rows, as scikit-learn's `Ridge` (`fit_intercept`):
/// the rows and targets are centred, then `(XᵀX + αI) w = Xᵀy` is solved by Cholesky, in `Double`.
package enum DenseRidge {
    /// The weights and intercept fitting `targets` from `rows` (`count × width` values, row by row), `alpha > 0`.
    package static func fit(rows: [Float], width: Int, targets: [Double], alpha: Double) -> (coef: [Double], intercept: Double) {
        precondition(alpha > 0 && alpha.isFinite, "the ridge penalty must be a finite number > 0")
        let count = targets.count
        precondition(rows.count == count * width && count > 0, "\(count) targets for \(rows.count / max(width, 1)) rows")
        var means = [Double](repeating: 0, count: width)
        for row in 0..<count { for column in 0..<width { means[column] += Double(rows[row * width + column]) } }
        means = means.map { $0 / Double(count) }
        let meanTarget = targets.reduce(0, +) / Double(count)
        // Gram matrix of the centred rows (lower triangle), and the right-hand side.
        var gram = [Double](repeating: 0, count: width * width)
        var right = [Double](repeating: 0, count: width)
        var centred = [Double](repeating: 0, count: width)
        for row in 0..<count {
            for column in 0..<width { centred[column] = Double(rows[row * width + column]) - means[column] }
            let target = targets[row] - meanTarget
            for i in 0..<width {
                right[i] += centred[i] * target
                let value = centred[i]
                for j in 0...i { gram[i * width + j] += value * centred[j] }
            }
        }
        for i in 0..<width { gram[i * width + i] += alpha }
        // Cholesky: gram = L·Lᵀ, in place (lower triangle); α > 0 keeps it positive definite.
        for j in 0..<width {
            var diagonal = gram[j * width + j]
            for k in 0..<j { diagonal -= gram[j * width + k] * gram[j * width + k] }
            let pivot = diagonal.squareRoot()
            gram[j * width + j] = pivot
            for i in (j + 1)..<width {
                var value = gram[i * width + j]
                for k in 0..<j { value -= gram[i * width + k] * gram[j * width + k] }
                gram[i * width + j] = value / pivot
            }
        }
        var solution = right
        for i in 0..<width {
            for k in 0..<i { solution[i] -= gram[i * width + k] * solution[k] }
            solution[i] /= gram[i * width + i]
        }
        for i in stride(from: width - 1, through: 0, by: -1) {
            for k in (i + 1)..<width { solution[i] -= gram[k * width + i] * solution[k] }
            solution[i] /= gram[i * width + i]
        }
        let intercept = meanTarget - zip(solution, means).reduce(0) { $0 + $1.0 * $1.1 }
        return (solution, intercept)
    }
}
