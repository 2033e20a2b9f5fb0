import ArgumentParser
import Gateway

/// The `jokemeter` command line.
@main
struct Jokemeter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rates how funny a joke is, with TF-IDF models trained on rated jokes.",
        version: JokemeterVersion.current,
        subcommands: [ServeCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ExplainCommand.self, EmbedCommand.self]
    )
}
