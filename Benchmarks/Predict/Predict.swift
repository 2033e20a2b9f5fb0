import Benchmark
import BenchmarkFixtures
import Registry

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let joke = Fixtures.medianJoke
    let jokes = Fixtures.jokes
    for name in ["lr", "tr"] {
        let model = Fixtures.model(name)
        Benchmark("Predict \(name): one joke (×1000)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(model.predict(joke))
            }
        }
        Benchmark("Predict \(name): data set (\(Fixtures.dataSetBytes) B)") { benchmark in
            for joke in jokes {
                blackHole(model.predict(joke))
            }
        }
    }
}
