import Benchmark
import BenchmarkFixtures
import EmbeddingModel
import Foundation

// The embedding kind's encoder on one thread: tokenizing, embedding one joke, and a batch of 16 (what batching
// gives). Needs models/e5-small-q4-0.3.0.weights (scripts/build-embedding-weights.sh).
let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let path = Fixtures.root.appendingPathComponent("models/e5-small-q4-0.3.0.weights").path
    let encoder: SentenceEncoder
    do {
        encoder = try SentenceEncoder(file: EncoderWeightsFile(path: path, field: "weights"), prefix: "query: ")
    } catch {
        fatalError("cannot load \(path) (scripts/build-embedding-weights.sh makes it): \(error)")
    }
    let joke = Fixtures.medianJoke
    let batch = Array(Fixtures.jokes.prefix(16))
    Benchmark("Encode: tokenize one joke (×1000)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(encoder.tokenIDs(joke)) }
    }
    Fixtures.mallocGate("tokenize-mallocs") { blackHole(encoder.tokenIDs(joke)) }
    Benchmark("Encode: embed one joke") { _ in blackHole(encoder.embed([joke])) }
    Benchmark("Encode: embed 16 jokes, one at a time") { _ in
        for text in batch { blackHole(encoder.embed([text])) }
    }
    Benchmark("Encode: embed 16 jokes as one batch") { _ in blackHole(encoder.embed(batch)) }
}
