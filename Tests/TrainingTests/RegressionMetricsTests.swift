import Testing
import Training

@Suite struct RegressionMetricsTests {
    @Test func errorsByHand() {
        let metrics = RegressionMetrics(predictions: [1, 2, 3, 4], actual: [1, 3, 3, 6])
        #expect(metrics.mae == 0.75)  // (0 + 1 + 0 + 2) / 4
        #expect(metrics.rmse == (5.0 / 4).squareRoot())
    }

    @Test func spearmanUsesAverageRanksForTies() throws {
        // ranks: predictions [1, 2.5, 2.5, 4], actual [1, 2, 3, 4] → Pearson of the ranks
        let metrics = RegressionMetrics(predictions: [10, 20, 20, 30], actual: [1, 2, 3, 4])
        let spearman = try #require(metrics.spearman)
        #expect(abs(spearman - 0.9486832980505138) < 1e-12)
        #expect(RegressionMetrics(predictions: [3, 2, 1], actual: [1, 2, 3]).spearman == -1)
    }

    @Test func constantPredictionsHaveNoSpearman() {
        #expect(RegressionMetrics(predictions: [2, 2, 2], actual: [1, 2, 3]).spearman == nil)
    }
}
