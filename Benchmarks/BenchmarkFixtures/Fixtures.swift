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

    /// Registers the allocation gate `name` of the calling suite: `work` once an iteration, counting mallocs only.
    public static func mallocGate(_ name: String, fileID: String = #fileID, _ work: @escaping @Sendable () -> Void) {
        Benchmark(name, configuration: mallocGateConfiguration(name, fileID: fileID)) { _ in work() }
    }

    /// An allocation gate's configuration: mallocs only, which `make bench-smoke` checks against
    /// `Benchmarks/Thresholds/<Suite>.<name>.p90.json` (package-benchmark's `thresholds check`) with no tolerance, so
    /// that one allocation more a call fails `make test`; one fewer fails too, until `make bench-thresholds` records
    /// the better count. `name` has no space or slash: package-benchmark writes those as `_` in the file's name but
    /// looks the file up by the name unchanged, and would never find it.
    public static func mallocGateConfiguration(_ name: String, fileID: String = #fileID) -> Benchmark.Configuration {
        precondition(!name.contains(" ") && !name.contains("/"), "a gate's name becomes a file name: \(name)")
        let suite = String(fileID.prefix { $0 != "/" })
        let thresholds = root.appendingPathComponent("Benchmarks/Thresholds/\(suite).\(name).p90.json").path
        if ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] != nil, !FileManager.default.fileExists(atPath: thresholds) {
            fatalError("the gate \(suite).\(name) has no threshold (make bench-thresholds writes \(thresholds))")
        }
        return .init(
            metrics: [.mallocCountTotal],
            warmupIterations: 2,
            maxDuration: .seconds(1),
            maxIterations: 10,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
        )
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
