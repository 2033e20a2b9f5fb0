import Benchmark
import BenchmarkFixtures
import TextFeatures

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let analyzers = [("word", TfidfSettings()), ("char_wb 2-5", TfidfSettings(analyzer: .charWB, ngramRange: 2...5))]
    for (name, settings) in analyzers {
        let analyzer = TermAnalyzer(settings: settings)
        Fixtures.oneJokeAndDataSet("Tokenize \(name)") { text in analyzer.forEachTerm(in: text) { blackHole($0.count) } }
    }
}
