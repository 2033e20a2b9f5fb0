import Benchmark
import Foundation
import LinearModel
import Registry
import Training
import TreeModel

/// What every suite measures with: the shipped models and jokes of the repository, and one configuration.
public enum Fixtures {
    /// The repository's root, found from this file so that the suites run from any directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every joke of `data/clean_comedy_gold_ru.csv`.
    public static let jokes: [String] = {
        do {
            return try CSVDataSetReader().read(root.appendingPathComponent("data/clean_comedy_gold_ru.csv")).texts
        } catch {
            fatalError("cannot read the jokes: \(error)")
        }
    }()

    /// The joke of median UTF-8 length (175 bytes): "one joke" in the suites.
    public static let medianJoke: String = jokes.sorted { $0.utf8.count < $1.utf8.count }[jokes.count / 2]

    /// Bytes of UTF-8 in the whole data set, to turn data-set passes per second into MB/s.
    public static let dataSetBytes = jokes.reduce(0) { $0 + $1.utf8.count }

    /// The shipped model `name` (`lr` or `tr`).
    public static func model(_ name: String) -> any TextModel {
        do {
            return try ModelLoader(plugins: [LinearModel.self, TreeModel.self]).loadArtifact(at: root.appendingPathComponent("models/\(name).json"))
        } catch {
            fatalError("cannot load models/\(name).json: \(error)")
        }
    }

    /// Registers the pair every text suite measures: `work` on the median joke (1 000 calls a sample, so
    /// the clock's cost vanishes) and on every joke of the data set once a sample.
    public static func oneJokeAndDataSet(_ name: String, _ work: @escaping @Sendable (String) -> Void) {
        let joke = medianJoke
        let jokes = Self.jokes
        Benchmark("\(name): one joke (×1000)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations { work(joke) }
        }
        Benchmark("\(name): data set (\(dataSetBytes) B)") { _ in
            for joke in jokes { work(joke) }
        }
    }

    /// Wall clock for reports, instructions and mallocs for comparisons; `BENCHMARK_SMOKE=1` runs each
    /// benchmark a few times only, to prove the suites still build and run.
    public static func configure() {
        let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] != nil
        Benchmark.defaultConfiguration = .init(
            metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal],
            warmupIterations: smoke ? 1 : 10,
            maxDuration: smoke ? .milliseconds(50) : .seconds(2),
            maxIterations: smoke ? 5 : 1_000_000
        )
    }
}
