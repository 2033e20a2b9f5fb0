import ArgumentParser
import Foundation
import Registry
import Training

/// `jokemeter evaluate`: a model's error on a data file, beside always predicting the mean.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print RMSE, MAE and Spearman of a model on a CSV file, with the mean baseline."
    )

    @OptionGroup var dataFile: DataFileOptions

    @Option(help: "The model artifact (.json).")
    var model: String

    func run() throws {
        try reportingFailure {
            let loaded = try ModelKinds.loader.loadArtifact(at: URL(fileURLWithPath: model))
            let dataSet = try dataFile.read()
            let metrics = RegressionMetrics(predictions: WorkerPool.ratings(of: dataSet.texts, by: loaded), actual: dataSet.targets)
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
