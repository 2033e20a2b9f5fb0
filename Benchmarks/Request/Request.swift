import Benchmark
import BenchmarkFixtures
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Registry

/// A model rated as `base` rates, on threads of its own: what handing a rating to an executor costs.
private struct OnThreadsOfItsOwn: TextModel {
    let base: any TextModel
    let descriptor: ModelDescriptor
    let execution = ModelExecution.dedicated(
        DedicatedExecution(threads: 1, queueLimit: 64, maxBatchSize: 1, maxBatchDelay: .zero, timeout: .seconds(10))
    )

    init(_ base: any TextModel, name: String) {
        self.base = base
        var descriptor = base.descriptor
        descriptor.name = name
        self.descriptor = descriptor
    }

    func predict(_ text: String) -> Double { base.predict(text) }
}

/// Whole requests through the router, as the server runs them minus the socket: body parsing, model
/// selection, prediction, the JSON answer, middleware (metrics included). The per-request log line is
/// left out (`REQUEST_LOG_LEVEL` below the log level): it is a write to standard error, measured with the
/// load scripts instead. `lr-threads` is `lr` on threads of its own: the cost of the executor's hand-off,
/// beside `lr` inline.
let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let registry: ModelRegistry
    do {
        let lr = Fixtures.model("lr")
        registry = try ModelRegistry(models: [lr, Fixtures.model("tr"), OnThreadsOfItsOwn(lr, name: "lr-threads")], defaultModel: "lr")
    } catch {
        fatalError("\(error)")
    }
    var configuration = GatewayConfiguration()
    configuration.requestLogLevel = .debug
    let app = buildApplication(configuration: configuration, models: registry)
    let body = ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: ["text": Fixtures.medianJoke, "joker": "Штирлиц"]))
    let modelHeader = HTTPField.Name("X-Model")!

    for model in ["lr", "tr", "lr-threads"] {
        Benchmark("Request POST /api/v1/predict \(model)") { benchmark in
            let client = RouterClient(responder: try await app.responder)
            let headers: HTTPFields = [.contentType: "application/json", modelHeader: model]
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let answer = try await client.execute(.post, "/api/v1/predict", headers: headers, body: body)
                precondition(answer.status == .ok, "predict answered \(answer.status)")
            }
            benchmark.stopMeasurement()
        }
    }
    // The allocation gates: one request an iteration (the client made outside the count, its own request value and
    // context inside, as the server makes them).
    for model in ["lr", "tr"] {
        let name = "predict-\(model)-mallocs"
        Benchmark(name, configuration: Fixtures.mallocGateConfiguration(name)) { benchmark in
            let client = RouterClient(responder: try await app.responder)
            let headers: HTTPFields = [.contentType: "application/json", modelHeader: model]
            benchmark.startMeasurement()
            let answer = try await client.execute(.post, "/api/v1/predict", headers: headers, body: body)
            benchmark.stopMeasurement()
            precondition(answer.status == .ok, "predict answered \(answer.status)")
        }
    }
    // OpenAI's embeddings answer of 16 texts of 384 values, as numbers and as base64: the HTTP side of
    // /v1/embeddings, beside the encoder's milliseconds a text. Its gate: the mallocs of one answer do not grow with
    // its values (no string or array a value).
    let embeddings = Embeddings(
        values: (0..<16 * 384).map { Float(sin(Double($0))) / 19.6 },
        dimension: 384,
        tokenCounts: Array(repeating: 24, count: 16)
    )
    for base64 in [false, true] {
        Benchmark("Request embeddings answer 16x384 \(base64 ? "base64" : "float")") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(embeddings.openAIResponse(model: "emb", base64: base64)) }
        }
    }
    let name = "embeddings-answer-mallocs"
    Benchmark(name, configuration: Fixtures.mallocGateConfiguration(name)) { benchmark in
        benchmark.startMeasurement()
        blackHole(embeddings.openAIResponse(model: "emb", base64: false))
        benchmark.stopMeasurement()
    }
    Benchmark("Request GET /api/v1/health") { benchmark in
        let client = RouterClient(responder: try await app.responder)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let answer = try await client.execute(.get, "/api/v1/health")
            precondition(answer.status == .ok, "health answered \(answer.status)")
        }
        benchmark.stopMeasurement()
    }
}
