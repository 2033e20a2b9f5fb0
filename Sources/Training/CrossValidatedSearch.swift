import Foundation
import Registry

/// Picks a trainer's best parameters by k-fold cross-validation, then fits them on every row.
public struct CrossValidatedSearch: Sendable {
    /// Number of folds.
    public var folds: Int
    /// Seed of the fold shuffle.
    public var seed: UInt64
    /// Receives one line per fold.
    public var progress: @Sendable (String) -> Void

    /// Creates a search.
    public init(folds: Int = 5, seed: UInt64 = 42, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.folds = folds
        self.seed = seed
        self.progress = progress
    }

    /// The selected model, fitted on all of the data, with its training record.
    public struct Outcome: Sendable {
        /// The trainer's model name.
        public var name: String
        /// The artifact kind.
        public var kind: String
        /// The best candidate, in words.
        public var parameters: String
        /// The model fitted on every row with the best parameters.
        public var model: any TrainedModel
        /// Data set, parameters and cross-validation figures.
        public var record: TrainingRecord
    }

    /// Scores every candidate of `trainer` on every fold of `data` (lowest mean RMSE wins, the first of
    /// equals), then fits the winner on all rows.
    public func run<Trainer: ModelTrainer>(_ trainer: Trainer, on data: DataSet) throws -> Outcome {
        guard data.count >= folds else { throw DataSetError.tooFewRows(file: data.name, rows: data.count, folds: folds) }
        let candidates = trainer.parameterGrid
        precondition(!candidates.isEmpty, "a trainer needs at least one candidate")
        var rmse = [[Double]](repeating: [], count: candidates.count)
        var mae = [[Double]](repeating: [], count: candidates.count)
        var baseline: [RegressionMetrics] = []
        for (number, split) in KFold(count: data.count, folds: folds, seed: seed).splits.enumerated() {
            let started = Date()
            let train = data.subset(split.train)
            let test = data.subset(split.test)
            let scores = try candidates.concurrentMap { parameters in
                let model = try trainer.fit(texts: train.texts, targets: train.targets, parameters: parameters)
                return RegressionMetrics(predictions: test.texts.map(model.predict), actual: test.targets)
            }
            for (index, score) in scores.enumerated() {
                rmse[index].append(score.rmse)
                mae[index].append(score.mae)
            }
            let mean = train.targets.reduce(0, +) / Double(train.count)
            baseline.append(RegressionMetrics(predictions: test.targets.map { _ in mean }, actual: test.targets))
            let best = scores.indices.min { scores[$0].rmse < scores[$1].rmse }!
            progress(
                String(
                    format: "%@ fold %d/%d: %d candidates, best RMSE %.4f (%@), mean baseline %.4f, %.1f s",
                    trainer.modelName,
                    number + 1,
                    folds,
                    candidates.count,
                    scores[best].rmse,
                    candidates[best].description,
                    baseline.last!.rmse,
                    Date().timeIntervalSince(started)
                )
            )
        }
        let meanRMSE = rmse.map(Self.mean)
        let winner = meanRMSE.indices.min { meanRMSE[$0] < meanRMSE[$1] }!
        let model = try trainer.fit(texts: data.texts, targets: data.targets, parameters: candidates[winner])
        let summary = CrossValidationSummary(
            folds: folds,
            rmse: meanRMSE[winner],
            mae: Self.mean(mae[winner]),
            baselineRmse: Self.mean(baseline.map(\.rmse)),
            baselineMae: Self.mean(baseline.map(\.mae))
        )
        let record = TrainingRecord(
            dataset: data.name,
            rows: data.count,
            sha256: data.sha256,
            params: try JSONValue.encoding(candidates[winner]),
            cv: summary,
            target: TargetSummary(of: data.targets)
        )
        return Outcome(name: trainer.modelName, kind: trainer.kind, parameters: candidates[winner].description, model: model, record: record)
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}

extension JSONValue {
    /// The object `value` encodes to.
    static func encoding(_ value: some Encodable) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: JSONEncoder().encode(value))
    }
}
