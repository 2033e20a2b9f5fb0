import ArgumentParser
import Foundation
import Gateway
import Glibc
import Registry
import Training

/// `jokemeter predict`: ratings of texts from the arguments, from standard input (one a line), or of every row
/// of a CSV file, with one or more models, on every core.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Rate texts given as arguments, one per line on stdin, or every row of a CSV file (--data).",
        discussion: """
            Ratings are printed in full precision (the shortest decimal that reads back as the same number), one line \
            per input line, in input order; with several --model options, one column each, separated by tabs. With \
            --data, the CSV file is written again with a rating column per model (rating_NAME) added, to --out or \
            stdout. A text that is not UTF-8 stops the run with an error naming its line; --out is then not written.
            """
    )

    /// How stdin holds the texts.
    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        /// One text per line.
        case lines
        /// One JSON string per line, so that a text may hold line breaks.
        case jsonl
    }

    @Option(help: "Directory of model artifacts.")
    var models = "models"

    @Option(help: "A model to rate with, lr (its newest version) or lr@1.0.0; repeat it for several (default lr).")
    var model: [String] = []

    @Option(help: "stdin format: lines (a text a line) or jsonl (a JSON string a line).")
    var format: InputFormat = .lines

    @Option(help: "A CSV file with a header line to rate, row by row, instead of stdin.")
    var data: String?

    @Option(help: "With --data: the column holding the texts.")
    var textColumn = "text"

    @Option(help: "With --data: the field separator, auto, ',' or ';'.")
    var delimiter: CSVDataSetReader.Delimiter = .auto

    @Option(help: "Write to this file (whole, or not at all) instead of stdout.")
    var out: String?

    @Option(help: "Threads that rate at once (default: one per core).")
    var threads: Int?

    @Option(help: .hidden)
    var blockBytes = 8 << 20

    @Argument(help: "Texts to rate; none reads lines from stdin.")
    var texts: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
        if blockBytes < 1 { throw ValidationError("--block-bytes must be 1 or more") }
        if data != nil, !texts.isEmpty { throw ValidationError("give texts as arguments or --data, not both") }
        if data != nil, format != .lines { throw ValidationError("--format applies to stdin; --data reads CSV") }
    }

    func run() throws {
        try reportingFailure {
            let names = model.isEmpty ? ["lr"] : model
            let chosen = try Self.models(named: names, in: models)
            if !texts.isEmpty {
                for text in texts { print(chosen.map { "\($0.predict(text))" }.joined(separator: "\t")) }
                return
            }
            try predictRecords(with: chosen, names: names)
        }
    }

    private func predictRecords(with models: [any TextModel], names: [String]) throws {
        let input = try data.map(Self.open) ?? STDIN_FILENO
        defer { if input != STDIN_FILENO { close(input) } }
        let layout: BatchPredictor.Layout =
            if data != nil {
                .csv(
                    textColumn: textColumn,
                    delimiter: delimiter == .auto ? nil : delimiter.rawValue.utf8.first,
                    ratingColumns: names.map { "rating_\($0)" }
                )
            } else {
                format == .jsonl ? .jsonLines : .lines
            }
        var predictor = BatchPredictor(models: models, layout: layout)
        if let threads { predictor.workers = threads }
        predictor.blockBytes = blockBytes
        var progress = ProgressBar(total: ProgressBar.size(of: input))
        defer { progress?.finish() }
        try WholeFileOutput.writing(to: out) { output throws(BatchError) in
            try predictor.run(input: input, output: output) { progress?.advance($0) }
        }
    }

    /// The models `names` name in the folder `directory` (`lr`, its newest version, or `lr@1.0.0`), in that order.
    static func models(named names: [String], in directory: String) throws -> [any TextModel] {
        let references = names.map(ModelReference.init(parsing:))
        let registry: ModelRegistry
        do {
            registry = try ModelKinds.loader.loadRegistry(directory: URL(fileURLWithPath: directory), defaultModel: references[0].name)
        } catch {
            // A partial catch of the typed error (`catch .missingDefault`) crashes Swift 6.3.1's SILGen here.
            guard case .missingDefault(let name, let available) = error else { throw error }
            throw ValidationError("no model \"\(name)\" in \(directory); there are \(available.joined(separator: ", "))")
        }
        var models: [any TextModel] = []
        for reference in references {
            do {
                models.append(try registry.model(reference))
            } catch {
                throw ValidationError("in \(directory): \(error)")
            }
        }
        return models
    }

    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }
}
