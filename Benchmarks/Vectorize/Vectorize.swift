import Benchmark
import BenchmarkFixtures
import LinearModel
import TextFeatures
import TreeModel

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let joke = Fixtures.medianJoke
    let jokes = Fixtures.jokes
    let vectorizers = [
        ("word (lr)", (Fixtures.model("lr") as! LinearModel).regressor.vectorizer),
        ("char_wb 2-5 (tr)", (Fixtures.model("tr") as! TreeModel).regressor.vectorizer),
    ]
    for (name, vectorizer) in vectorizers {
        Benchmark("Vectorize \(name): one joke (×1000)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                vectorizer.withFeatures(of: joke) { blackHole($0.nonZeroCount) }
            }
        }
        Benchmark("Vectorize \(name): data set (\(Fixtures.dataSetBytes) B)") { benchmark in
            for joke in jokes {
                vectorizer.withFeatures(of: joke) { blackHole($0.nonZeroCount) }
            }
        }
    }
}
