import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// A model on threads of its own, served beside an inline one: its requests wait in its queue, not on the
/// threads that answer the inline model and the probes; past its queue it answers 503 with `Retry-After`, past
/// its timeout 504.
@Suite(.serialized) struct HeavyModelServingTests {
    private func app(_ heavy: GatedModel) -> some ApplicationProtocol {
        let models = try! ModelRegistry(models: [LengthModel(name: "lr", version: "1.0.0", scale: 0.1), heavy], defaultModel: "lr")
        heavy.open()  // the warm-up rating, made at start
        return buildApplication(configuration: testConfiguration(), models: models)
    }

    private static let heavySettings = DedicatedExecution(
        threads: 1,
        queueLimit: 1,
        maxBatchSize: 4,
        maxBatchDelay: .milliseconds(1),
        timeout: .seconds(30)
    )

    @Test func whileTheHeavyModelIsBusyTheInlineModelAndTheProbesAnswerAndItsQueueRefusesTheOverflow() async throws {
        let heavy = GatedModel(name: "heavy", execution: .dedicated(Self.heavySettings))
        try await app(heavy).test(.router) { client in
            // One request holds the heavy model's thread, one waits in its queue of one.
            let held = Task { try await client.predict("abc", at: "/api/v1/models/heavy/predict") }
            try await heavy.waitUntilRating(2)
            let queued = Task { try await client.predict(batch: ["ab", "abcd"], at: "/api/v1/models/heavy/predict/batch") }
            try await eventually {
                let samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
                return samples[.init(name: "jokemeter_model_queue_depth", labels: ["model": "heavy", "version": "1"])] == 1
            }

            let refused = try await client.predict("x", at: "/api/v1/models/heavy/predict")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.headers[.modelName] == "heavy")
            #expect(try refused.error.message.contains("model heavy"))

            let inline = try await client.predict("abcd")
            #expect(inline.status == .ok)
            #expect(try inline.value.model == "lr")
            try await client.execute(uri: "/api/v1/health", method: .get) { #expect($0.status == .ok) }

            heavy.open(2)
            let heldAnswer = try await held.value
            #expect(heldAnswer.status == .ok)
            #expect(try heldAnswer.value.rating == 3)
            let queuedAnswer = try await queued.value
            #expect(queuedAnswer.status == .ok)
            #expect(try queuedAnswer.value.ratings == [2, 4])

            let samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
            let heavyLabel = ["model": "heavy", "version": "1"]
            #expect(samples[.init(name: "jokemeter_model_refused_total", labels: ["model": "heavy", "version": "1", "reason": "queue_full"])] == 1)
            #expect(samples[.init(name: "jokemeter_model_batch_size_count", labels: heavyLabel)] == 2)
            #expect(samples[.init(name: "jokemeter_model_batch_size_sum", labels: heavyLabel)] == 3, "a batch of one text, then one of two")
            #expect(samples[.init(name: "jokemeter_model_queue_wait_seconds_count", labels: heavyLabel)] == 2)
            #expect(samples[.init(name: "jokemeter_model_queue_depth", labels: heavyLabel)] == 0)
        }
    }

    @Test func aHeavyRequestNotRatedWithinTheTimeoutIsAnswered504() async throws {
        var settings = Self.heavySettings
        settings.timeout = .milliseconds(100)
        let heavy = GatedModel(name: "heavy", execution: .dedicated(settings))
        try await app(heavy).test(.router) { client in
            let answer = try await client.predict("abc", at: "/api/v1/models/heavy/predict")
            #expect(answer.status == .gatewayTimeout)
            #expect(try answer.error.message == "model heavy did not rate the texts within 0.1 seconds")
            let samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
            #expect(samples[.init(name: "jokemeter_model_refused_total", labels: ["model": "heavy", "version": "1", "reason": "timeout"])] == 1)
            heavy.open()
        }
    }

    @Test func aTextPastTheModelsTokenCapIsRefusedAsTheRoutesProtocolSaysAndNothingIsQueued() async throws {
        let heavy = TokenizedGatedModel(name: "heavy", execution: .dedicated(Self.heavySettings), maxTokensPerText: 3)
        try await app(heavy).test(.router) { client in
            let single = try await client.predict("one two three four", at: "/api/v1/models/heavy/predict")
            #expect(single.status == .unprocessableContent)
            #expect(try single.error.message == "the text is 4 tokens long; model heavy reads at most 3 tokens of a text")
            let batch = try await client.predict(batch: ["one", "one two three four", "two"], at: "/api/v1/models/heavy/predict/batch")
            #expect(batch.status == .unprocessableContent)
            #expect(try batch.error.message == "text 2 of 3 is 4 tokens long; model heavy reads at most 3 tokens of a text")
            let inferred = try await client.infer(["one two three four"], at: "/v2/models/heavy/infer")
            #expect(inferred.status == .badRequest, "the Open Inference Protocol answers every fault of a request 400")
            #expect(try inferred.error.message == "the text is 4 tokens long; model heavy reads at most 3 tokens of a text")
            heavy.open()
            let fine = try await client.predict("one two three", at: "/api/v1/models/heavy/predict")
            #expect(fine.status == .ok)
            #expect(try fine.value.rating == 13)
            #expect(heavy.batchSizes == [1, 1])
        }
    }
}
