import ArgumentParser
import Foundation
import Registry
import Training

/// `jokemeter evaluate`: a model's error on a data file, beside always predicting the mean.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Print RMSE, MAE and Spearman of a model on a CSV file, with the mean baseline.")

    @Option(help: "CSV file with a header line.")
    var data: String

    @Option(help: "The model artifact (.json).")
    var model: String

    @Option(help: "Column holding the texts.")
    var textColumn = "text"

    @Option(help: "Column holding the ratings.")
    var targetColumn = "score"

    @Option(help: "Field separator: auto, ',' or ';'.")
    var delimiter: CSVDataSetReader.Delimiter = .auto

    func run() throws {
        try reportingFailure {
            let loaded = try ModelKinds.loader.loadArtifact(at: URL(fileURLWithPath: model))
            let dataSet = try CSVDataSetReader(textColumn: textColumn, targetColumn: targetColumn, delimiter: delimiter)
                .read(URL(fileURLWithPath: data))
            let metrics = RegressionMetrics(predictions: dataSet.texts.map(loaded.predict), actual: dataSet.targets)
            let mean = dataSet.targets.reduce(0, +) / Double(dataSet.count)
            let baseline = RegressionMetrics(predictions: dataSet.targets.map { _ in mean }, actual: dataSet.targets)
            let descriptor = loaded.descriptor
            print("model \(descriptor.name) (\(descriptor.kind) \(descriptor.version)) on \(dataSet.name), \(dataSet.count) rows")
            print("               RMSE     MAE  Spearman")
            print(Self.row("model", metrics))
            print(Self.row("mean baseline", baseline))
        }
    }

    static func row(_ label: String, _ metrics: RegressionMetrics) -> String {
        let spearman = metrics.spearman.map { String(format: "%8.4f", $0) } ?? "     n/a"
        return label.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: " %7.4f %7.4f", metrics.rmse, metrics.mae) + " " + spearman
    }
}
