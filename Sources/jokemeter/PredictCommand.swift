import ArgumentParser
import Foundation
import Registry

/// `jokemeter predict`: ratings of texts from the arguments or standard input, one a line.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Rate texts given as arguments, or one per line on stdin; prints one rating a line.")

    @Option(help: "Directory of model artifacts.")
    var models = "models"

    @Option(help: "The model to use.")
    var model = "lr"

    @Argument(help: "Texts to rate; none reads lines from stdin.")
    var texts: [String] = []

    func run() throws {
        try reportingFailure {
            let registry = try ModelKinds.loader.loadRegistry(directory: URL(fileURLWithPath: models), defaultModel: model)
            let chosen = registry.defaultModel
            if texts.isEmpty {
                while let line = readLine() { print(Self.format(chosen.predict(line))) }
            } else {
                for text in texts { print(Self.format(chosen.predict(text))) }
            }
        }
    }

    static func format(_ rating: Double) -> String { String(format: "%.6f", rating) }
}
