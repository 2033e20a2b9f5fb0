import ArgumentParser

/// The `jokemeter` command line.
@main
struct Jokemeter: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rates how funny a joke is, with TF-IDF models trained on rated jokes.",
        version: JokemeterVersion.current,
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self]
    )
}

/// The application's version.
enum JokemeterVersion {
    static let current = "0.1.0"
}
