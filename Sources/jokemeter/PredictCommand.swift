import ArgumentParser
import Foundation
import Registry

/// `jokemeter predict`: ratings of texts from the arguments or standard input, one a line.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Rate texts given as arguments, or one per line on stdin; prints one rating a line.",
        discussion: "Ratings are printed in full precision (the shortest decimal that reads back as the same number).")

    /// How stdin holds the texts.
    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        /// One text per line.
        case lines
        /// One JSON string per line, so that a text may hold line breaks.
        case jsonl
    }

    @Option(help: "Directory of model artifacts.")
    var models = "models"

    @Option(help: "The model to use.")
    var model = "lr"

    @Option(help: "stdin format: lines (a text a line) or jsonl (a JSON string a line).")
    var format: InputFormat = .lines

    @Argument(help: "Texts to rate; none reads lines from stdin.")
    var texts: [String] = []

    func run() throws {
        try reportingFailure {
            let registry = try ModelKinds.loader.loadRegistry(directory: URL(fileURLWithPath: models), defaultModel: model)
            let chosen = registry.defaultModel
            if !texts.isEmpty {
                for text in texts { print(chosen.predict(text)) }
                return
            }
            var number = 0
            while let line = readLine(strippingNewline: true) {
                number += 1
                print(chosen.predict(try text(of: line, number: number)))
            }
        }
    }

    private func text(of line: String, number: Int) throws -> String {
        guard format == .jsonl else { return line }
        guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
            throw ValidationError("stdin line \(number) is not a JSON string")
        }
        return text
    }
}
