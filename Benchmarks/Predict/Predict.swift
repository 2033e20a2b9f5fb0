import Benchmark
import BenchmarkFixtures
import Registry

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    for name in ["lr", "tr"] {
        let model = Fixtures.model(name)
        Fixtures.oneJokeAndDataSet("Predict \(name)") { text in blackHole(model.predict(text)) }
        let joke = Fixtures.medianJoke
        Fixtures.mallocGate("\(name)-mallocs") { blackHole(model.predict(joke)) }
    }
}
