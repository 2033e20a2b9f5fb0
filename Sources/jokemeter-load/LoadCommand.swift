import ArgumentParser
import AsyncHTTPClient
import Foundation
import Training

/// `jokemeter-load`: the original project's joke client, for throughput and latency. Sends every joke of
/// a CSV to a service with a fixed number of requests in flight, a random `joker` by weight and an
/// optional model mix, and reports throughput, latency percentiles and answers by model and status.
@main
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jokemeter-load",
        abstract: "Send every joke of a CSV to a Jokemeter service and report throughput, latency and answers.",
        discussion: """
            Exits 0 when every request got a 2xx answer, 1 otherwise. Works against the original Python \
            service too (it ignores the model header), and against a cluster's ingress.
            """
    )

    @Argument(help: "The service: a base URL (http://127.0.0.1:8080) or the full predict URL.")
    var url: String

    @Option(name: .long, help: "CSV file of jokes.")
    var data = "data/clean_comedy_gold_ru.csv"

    @Option(name: .long, help: "The CSV column that holds the jokes.")
    var textColumn = "text"

    @Option(name: [.short, .long], help: "Requests in flight at once.")
    var concurrency = 16

    @Option(name: .long, help: "How many times to send the whole file.")
    var rounds = 1

    @Option(name: .long, help: "Jokers by weight, sent as the `joker` field.")
    var jokers = "Штирлиц:5,Вовочка:3,Петька:2,Чапаев:1"

    @Option(name: .long, help: "Models by weight, sent in the model header (lr:70,tr:30); without it the server picks its default.")
    var modelMix: String?

    @Option(name: .long, help: "The header that names the model.")
    var modelHeader = "X-Model"

    @Option(name: .long, help: "Seconds before a request counts as failed.")
    var timeout = 10.0

    @Option(name: .long, help: "Seed of the joker and model draws, for a repeatable sequence.")
    var seed: UInt64 = 2026

    @Flag(name: .long, help: "No progress bar (it is drawn only when standard error is a terminal anyway).")
    var noProgress = false

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be 1 or more, got \(concurrency)") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be 1 or more, got \(rounds)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
        guard (try? LoadTarget(url)) != nil else { throw ValidationError("'\(url)' is not an http(s) URL") }
    }

    func run() async throws {
        let plan: LoadPlan
        do {
            plan = try LoadPlan(
                target: LoadTarget(url),
                jokes: CSVDataSetReader(textColumn: textColumn).readTexts(URL(fileURLWithPath: data)),
                rounds: rounds,
                jokers: WeightedChoice(parsing: jokers),
                models: modelMix.map(WeightedChoice.init(parsing:)),
                modelHeader: modelHeader,
                seed: seed
            )
        } catch {
            throw ValidationError("\(error)")
        }
        let showProgress = !noProgress && isatty(STDERR_FILENO) == 1
        let report = try await LoadRun(plan: plan, concurrency: concurrency, timeout: .milliseconds(Int64(timeout * 1000)))
            .run(progress: showProgress ? ProgressBar(total: plan.requestCount) : nil)
        print(report.text)
        if report.failed > 0 { throw ExitCode.failure }
    }
}
