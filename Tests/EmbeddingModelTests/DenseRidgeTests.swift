import EmbeddingModel
import Testing

@Suite("Dense ridge regression")
struct DenseRidgeTests {
    @Test("On centred orthogonal columns the ridge weights are Xᵀy shrunk by the penalty, and the intercept is the mean")
    func orthogonalColumns() {
        // x0 = [1, -1, 1, -1], x1 = [1, 1, -1, -1]: XᵀX = 4·I, so w = Xᵀy / (4 + α) for y = 3 + 2·x0 − x1.
        let rows: [Float] = [1, 1, -1, 1, 1, -1, -1, -1]
        let targets: [Double] = [4, 0, 6, 2]
        let (coef, intercept) = DenseRidge.fit(rows: rows, width: 2, targets: targets, alpha: 1)
        #expect(abs(coef[0] - 8.0 / 5) < 1e-12)
        #expect(abs(coef[1] + 4.0 / 5) < 1e-12)
        #expect(abs(intercept - 3) < 1e-12)
    }

    @Test("With correlated columns it solves the penalised normal equations")
    func correlatedColumns() {
        let rows: [Float] = [1, 2, 2, 1, 3, 5, 4, 4, 0, 1]
        let targets = [1.0, 2, 4, 3, 0]
        let alpha = 0.5
        let (coef, intercept) = DenseRidge.fit(rows: rows, width: 2, targets: targets, alpha: alpha)
        // The gradient of ‖y − Xw − b‖² + α‖w‖² vanishes at the answer.
        for column in 0..<2 {
            var gradient = alpha * coef[column]
            for row in 0..<5 {
                let residual = targets[row] - intercept - coef[0] * Double(rows[row * 2]) - coef[1] * Double(rows[row * 2 + 1])
                gradient -= residual * Double(rows[row * 2 + column])
            }
            #expect(abs(gradient) < 1e-9)
        }
        let meanResidual = (0..<5).map { targets[$0] - intercept - coef[0] * Double(rows[$0 * 2]) - coef[1] * Double(rows[$0 * 2 + 1]) }.reduce(0, +)
        #expect(abs(meanResidual) < 1e-9)
    }
}
