import Benchmark
import BenchmarkFixtures
import TextFeatures

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let joke = Fixtures.medianJoke
    let jokes = Fixtures.jokes
    let analyzers = [("word", TfidfSettings()), ("char_wb 2-5", TfidfSettings(analyzer: .charWB, ngramRange: 2...5))]
    for (name, settings) in analyzers {
        let analyzer = TermAnalyzer(settings: settings)
        Benchmark("Tokenize \(name): one joke (×1000)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                analyzer.forEachTerm(in: joke) { blackHole($0.count) }
            }
        }
        Benchmark("Tokenize \(name): data set (\(Fixtures.dataSetBytes) B)") { benchmark in
            for joke in jokes {
                analyzer.forEachTerm(in: joke) { blackHole($0.count) }
            }
        }
    }
}
