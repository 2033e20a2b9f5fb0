/// The `training` section of an artifact: the data a model was fitted on, its parameters and its
/// cross-validated error beside the error of always predicting the mean.
public struct TrainingRecord: Sendable, Equatable, Codable {
    /// The data set's file name.
    public var dataset: String
    /// How many rows the final model was fitted on.
    public var rows: Int
    /// Hex SHA-256 of the data set file.
    public var sha256: String
    /// The hyper-parameters of the final model.
    public var params: [String: JSONValue]
    /// Cross-validation figures, when the model was selected by cross-validation.
    public var cv: CrossValidationSummary?
    /// The scale of the ratings it was fitted on; nil in artifacts written before it was recorded.
    public var target: TargetSummary?

    /// Creates a training record.
    public init(
        dataset: String,
        rows: Int,
        sha256: String,
        params: [String: JSONValue],
        cv: CrossValidationSummary? = nil,
        target: TargetSummary? = nil
    ) {
        self.dataset = dataset
        self.rows = rows
        self.sha256 = sha256
        self.params = params
        self.cv = cv
        self.target = target
    }
}

/// The ratings a model was fitted on: their mean (what the mean baseline predicts) and range.
public struct TargetSummary: Sendable, Equatable, Codable {
    /// The mean rating.
    public var mean: Double
    /// The lowest rating.
    public var min: Double
    /// The highest rating.
    public var max: Double

    /// The summary of `targets` (not empty).
    public init(of targets: [Double]) {
        mean = targets.reduce(0, +) / Double(targets.count)
        min = targets.min()!
        max = targets.max()!
    }
}

/// k-fold cross-validation figures of the selected parameters, with the mean-predicting baseline's.
public struct CrossValidationSummary: Sendable, Equatable, Codable {
    /// Number of folds.
    public var folds: Int
    /// Mean over folds of the root mean squared error.
    public var rmse: Double
    /// Mean over folds of the mean absolute error.
    public var mae: Double
    /// The same RMSE for a model that always predicts the training folds' mean.
    public var baselineRmse: Double
    /// The same MAE for a model that always predicts the training folds' mean.
    public var baselineMae: Double

    /// Creates a summary.
    public init(folds: Int, rmse: Double, mae: Double, baselineRmse: Double, baselineMae: Double) {
        self.folds = folds
        self.rmse = rmse
        self.mae = mae
        self.baselineRmse = baselineRmse
        self.baselineMae = baselineMae
    }
}
