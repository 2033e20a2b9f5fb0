import LinearModel
import Testing
import TextFeatures

/// Solutions pinned from scikit-learn 1.9.1 (`Ridge`, `LinearRegression`) and numpy's pseudo-inverse.
@Suite struct RidgeSolverTests {
    private func rows(_ dense: [[Double]]) -> [SparseVector] {
        dense.map { row in
            let present = row.indices.filter { row[$0] != 0 }
            return SparseVector(indices: present.map { Int32($0) }, values: present.map { row[$0] })
        }
    }

    private func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-8, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= tolerance, "\(actual) != \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func ridgeMatchesScikitLearn() {
        let x = rows([[1, 0, 2], [0, 1, 0], [3, 0, 1], [0, 2, 1]])
        let solution = RidgeSolver(alpha: 1).solve(rows: x, featureCount: 3, targets: [1, 2, 3, 5])
        #expect(solution.converged)
        expectClose(solution.coef, [0.43617021276595735, 1.3404255319148937, -0.03191489361702125])
        expectClose([solution.intercept], [1.3404255319148937])
    }

    @Test func zeroAlphaGivesTheMinimumNormSolutionWhenFeaturesOutnumberRows() {
        let x = rows([[1, 0, 2, 0, 1], [0, 1, 0, 1, 0], [3, 0, 1, 0, 0]])
        let solution = RidgeSolver(alpha: 0).solve(rows: x, featureCount: 5, targets: [1, 2, 4])
        #expect(solution.converged)
        expectClose(solution.coef, [0.9148936170212764, 0.06382978723404253, -0.6170212765957446, 0.06382978723404242, -0.5531914893617023])
        expectClose([solution.intercept], [1.8723404255319156])
    }

    @Test func zeroAlphaWithContradictoryDuplicateRowsGivesTheLeastSquaresSolution() {
        // Two identical rows rated 1 and 3: no exact fit exists; least squares predicts their mean.
        let x = rows([[1, 0, 2, 0], [1, 0, 2, 0], [0, 1, 0, 1], [3, 0, 1, 0]])
        let solution = RidgeSolver(alpha: 0).solve(rows: x, featureCount: 4, targets: [1, 3, 2, 4])
        #expect(solution.converged)
        expectClose(solution.coef, [0.8, 0, -0.4, 0])
        expectClose([solution.intercept], [2])
    }

    @Test func hugeAlphaShrinksToTheMean() {
        let x = rows([[1, 0], [0, 1], [1, 1]])
        let solution = RidgeSolver(alpha: 1e12).solve(rows: x, featureCount: 2, targets: [1, 2, 6])
        expectClose(solution.coef, [0, 0], tolerance: 1e-9)
        expectClose([solution.intercept], [3], tolerance: 1e-9)
    }

    @Test func constantTargetsNeedNoIteration() {
        let solution = RidgeSolver(alpha: 1).solve(rows: rows([[1, 0], [0, 1]]), featureCount: 2, targets: [2, 2])
        #expect(solution.iterations == 0)
        #expect(solution.coef == [0, 0])
        #expect(solution.intercept == 2)
    }
}
