import Benchmark
import BenchmarkFixtures
import LinearModel
import TextFeatures
import TreeModel

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let vectorizers = [
        ("word (lr)", (Fixtures.model("lr") as! LinearModel).regressor.vectorizer),
        ("char_wb 2-5 (tr)", (Fixtures.model("tr") as! TreeModel).regressor.vectorizer),
    ]
    for (name, vectorizer) in vectorizers {
        Fixtures.oneJokeAndDataSet("Vectorize \(name)") { text in vectorizer.withFeatures(of: text) { blackHole($0.nonZeroCount) } }
    }
}
