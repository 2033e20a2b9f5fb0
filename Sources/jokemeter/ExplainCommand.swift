import ArgumentParser
import Foundation
import Gateway
import Registry

/// `jokemeter explain`: why a model rates a text as it does, the terms that moved the rating most first.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print why a model rates a text as it does: its base value and each term's contribution, largest first.",
        discussion: """
            As POST /api/v1/explain answers: for a linear model each term's weight times its TF-IDF value, from the \
            intercept; for a tree its decision path, each split's change of node value credited to its term (Saabas), \
            from the root's value. Spans are offsets in Unicode scalars of the text. --format json prints the API's answer, \
            a line per text (JSON Lines). Without a text argument, the texts come from stdin (--input lines or jsonl).
            """
    )

    /// How the explanation is printed.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        /// A line per term, for people.
        case text
        /// The API's JSON answer.
        case json
    }

    @Option(help: "Directory of model artifacts.")
    var models = "models"

    @Option(help: "The model that explains (default lr).")
    var model = "lr"

    @Option(help: "How many terms to print with --format text (0: all).")
    var top = 10

    @Option(help: "text (a line per term) or json (the API's answer, a line per text).")
    var format: OutputFormat = .text

    @Option(help: "stdin format: lines (a text a line) or jsonl (a JSON string a line).")
    var input: PredictCommand.InputFormat = .lines

    @Flag(help: "Explain by occlusion (each word's rating drop when left out), for a model of any kind.")
    var occlusion = false

    @Argument(help: "Texts to explain; none reads stdin.")
    var texts: [String] = []

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        try reportingFailure {
            let chosen = try PredictCommand.models(named: [model], in: models)[0]
            let explainable = chosen as? any ExplainableModel
            guard occlusion || explainable != nil else {
                throw ValidationError(
                    "model \(model) is of kind \(chosen.descriptor.kind), which cannot explain its ratings by itself; try --occlusion"
                )
            }
            let texts = self.texts.isEmpty ? try input.readStandardInput() : self.texts
            for (index, text) in texts.enumerated() {
                let explanation = explainable.flatMap { occlusion ? nil : $0.explain(text) } ?? Self.occlusion(text, by: chosen)
                switch format {
                case .json: print(try ExplanationAnswer.json(explanation, model: chosen.descriptor))
                case .text: print((index > 0 ? "\n" : "") + lines(explanation, model: chosen.descriptor).joined(separator: "\n"))
                }
            }
        }
    }

    private func lines(_ explanation: Explanation, model: ModelDescriptor) -> [String] {
        let base =
            switch explanation.method {
            case .linear: "intercept"
            case .saabas: "the tree's root"
            case .occlusion: "every word left out"
            }
        var lines = [
            "model \(model.name) (\(model.kind) \(model.version)): rating \(Self.number(explanation.rating)), base \(Self.number(explanation.base)) (\(base)), \(explanation.method.rawValue) contributions"
        ]
        let shown = top == 0 ? explanation.contributions[...] : explanation.contributions.prefix(top)
        for contribution in shown {
            let sign = contribution.contribution >= 0 ? "+" : "-"
            let weight = contribution.weight.map { "weight \(Self.number($0)), " } ?? ""
            let spans =
                contribution.spans.isEmpty
                ? "not in the text" : "at " + contribution.spans.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ")
            lines.append(
                "  \(sign)\(Self.number(abs(contribution.contribution)))  \(contribution.term)  (\(weight)value \(Self.number(contribution.value)); \(spans))"
            )
        }
        if shown.count < explanation.contributions.count {
            lines.append("  … and \(explanation.contributions.count - shown.count) more terms (--top 0 prints all)")
        }
        return lines
    }

    /// `text` explained by occlusion, `model` rating every text here.
    private static func occlusion(_ text: String, by model: any TextModel) -> Explanation {
        let words = Occlusion.words(of: text)
        return Occlusion.explanation(of: words, ratings: model.predict(batch: Occlusion.texts(explaining: text, words: words)))
    }

    private static func number(_ value: Double) -> String { String(format: "%.4f", value) }
}
