import Benchmark
import BenchmarkFixtures
import TextFeatures

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let analyzers = [
        ("word", "word", TfidfSettings()), ("char_wb 2-5", "char_wb", TfidfSettings(analyzer: .charWB, ngramRange: 2...5)),
    ]
    let joke = Fixtures.medianJoke
    for (name, gate, settings) in analyzers {
        let analyzer = TermAnalyzer(settings: settings)
        Fixtures.oneJokeAndDataSet("Tokenize \(name)") { text in analyzer.forEachTerm(in: text) { blackHole($0.count) } }
        Fixtures.mallocGate("\(gate)-mallocs") { analyzer.forEachTerm(in: joke) { blackHole($0.count) } }
    }
}
