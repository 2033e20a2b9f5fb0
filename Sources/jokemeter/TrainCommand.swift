import ArgumentParser
import Foundation
import Logging
import Registry
import TextFeatures
import Training

/// `jokemeter train`: cross-validated search and one artifact per model kind.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Pick each model's parameters by k-fold cross-validation and write lr.json, tr.json and emb.json.",
        discussion: """
            Progress goes to stderr, one line per fold; the summary goes to stdout. emb (a ridge head on \
            multilingual-e5-small's embeddings) is trained when its encoder weights file is in --out \
            (scripts/build-embedding-weights.sh puts it in models/), or named by --embedding-weights.
            """
    )

    @OptionGroup var dataFile: DataFileOptions

    @Option(help: "Directory to write the artifacts to (created if missing).")
    var out: String

    @Option(help: "Number of cross-validation folds.")
    var folds = 5

    @Option(help: "Seed of the fold shuffle.")
    var seed: UInt64 = 42

    @Option(name: .customLong("model-version"), help: "The version written into the artifacts.")
    var modelVersion = "1.0.0"

    @Option(help: "Train only this model: lr, tr or emb (repeatable; default: all).")
    var only: [String] = []

    @Option(help: "Search only these vectorizers, as analyzer:min-max, e.g. word:1-2 or char_wb:2-5 (repeatable).")
    var vectorizer: [TfidfSettings] = []

    @Option(help: "Search only these ridge penalties; 0 is ordinary least squares (repeatable).")
    var alpha: [Double] = []

    @Option(help: "Search only these tree depths (repeatable).")
    var maxDepth: [Int] = []

    @Option(help: "Search only these tree leaf sizes (repeatable).")
    var minSamplesLeaf: [Int] = []

    @Option(
        help: "The encoder weights file emb is trained on; it must lie in --out (default: OUT/\(ModelKinds.embeddingWeightsFile) if it is there)."
    )
    var embeddingWeights: String?

    @Option(help: "Search only these ridge penalties for emb, > 0 (repeatable).")
    var embeddingAlpha: [Double] = []

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard alpha.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ValidationError("--alpha must be a number >= 0") }
        guard maxDepth.allSatisfy({ $0 >= 1 }), minSamplesLeaf.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--max-depth and --min-samples-leaf must be at least 1")
        }
        guard embeddingAlpha.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw ValidationError("--embedding-alpha must be a number > 0") }
        let known = ModelKinds.trainable
        for name in only where !known.contains(name) {
            throw ValidationError("--only \(name): no such model; trainable models: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingFailure {
            let logger = CommandLogging.logger(for: "train")
            let dataSet = try dataFile.read()
            logger.info("\(dataSet.name): \(dataSet.count) rows, \(folds)-fold cross-validation")
            let search = CrossValidatedSearch(folds: folds, seed: seed) { logger.info("\($0)") }
            let writer = ArtifactWriter(directory: URL(fileURLWithPath: out), version: modelVersion)
            let trainers = try ModelKinds.trainers(
                vectorizers: vectorizer,
                alphas: alpha,
                depths: maxDepth,
                leafSizes: minSamplesLeaf,
                embeddingWeights: try embeddingWeightsPath(logger: logger),
                embeddingAlphas: embeddingAlpha
            )
            for trainer in trainers where only.isEmpty || only.contains(trainer.modelName) {
                let outcome = try search.run(trainer, on: dataSet)
                let url = try writer.write(outcome)
                print(Self.summary(of: outcome, at: url))
            }
        }
    }

    /// The weights file emb is trained on, or nil (said in the log) when there is none and emb was not asked for.
    private func embeddingWeightsPath(logger: Logger) throws -> String? {
        let wanted = only.isEmpty || only.contains("emb")
        guard wanted else { return nil }
        let outFolder = URL(fileURLWithPath: out).standardizedFileURL
        let path = embeddingWeights ?? outFolder.appendingPathComponent(ModelKinds.embeddingWeightsFile).path
        guard FileManager.default.fileExists(atPath: path) else {
            if embeddingWeights != nil || only.contains("emb") {
                throw ValidationError(
                    "emb needs its encoder weights file, and \(path) is not there (scripts/build-embedding-weights.sh \(out) makes it)"
                )
            }
            logger.info("emb is not trained: \(path) is not there (scripts/build-embedding-weights.sh \(out) makes it)")
            return nil
        }
        guard URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path == outFolder.path else {
            throw ValidationError("--embedding-weights must lie in --out: emb.json names its weights file beside itself")
        }
        return path
    }

    static func summary(of outcome: CrossValidatedSearch.Outcome, at url: URL) -> String {
        guard let cv = outcome.record.cv else { return "\(outcome.name): \(url.path)" }
        let change = (cv.rmse / cv.baselineRmse - 1) * 100
        return String(
            format: "%@ (%@; %@): CV RMSE %.4f, MAE %.4f; mean baseline RMSE %.4f, MAE %.4f; RMSE %+.2f%% vs baseline -> %@",
            outcome.name,
            outcome.kind,
            outcome.parameters,
            cv.rmse,
            cv.mae,
            cv.baselineRmse,
            cv.baselineMae,
            change,
            url.path
        )
    }
}
