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

    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String
    ) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
        let (status, headers, answer) = try await postInTask(client, uri, body)
        return (status, headers, try json(answer))
    }

    /// The answer as it came, to be handed from a task.
    private func postInTask(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String
    ) async throws -> (HTTPResponse.Status, HTTPFields, ByteBuffer) {
        try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body)) { ($0.status, $0.headers, $0.body) }
    }

    @Test func whileTheHeavyModelIsBusyTheInlineModelAndTheProbesAnswerAndItsQueueRefusesTheOverflow() async throws {
        let heavy = GatedModel(name: "heavy", execution: .dedicated(Self.heavySettings))
        try await app(heavy).test(.router) { client in
            // One request holds the heavy model's thread, one waits in its queue of one.
            let held = Task { try await postInTask(client, "/api/v1/models/heavy/predict", #"{"text": "abc"}"#) }
            try await heavy.waitUntilRating(2)
            let queued = Task { try await postInTask(client, "/api/v1/models/heavy/predict/batch", #"{"texts": ["ab", "abcd"]}"#) }
            try await eventually {
                let samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
                return samples[.init(name: "jokemeter_model_queue_depth", labels: ["model": "heavy", "version": "1"])] == 1
            }

            let (status, headers, body) = try await post(client, "/api/v1/models/heavy/predict", #"{"text": "x"}"#)
            #expect(status == .serviceUnavailable)
            #expect(headers[.retryAfter] == "1")
            #expect(headers[HTTPField.Name("X-Model")!] == "heavy")
            #expect((body["error"] as? String)?.contains("model heavy") == true)

            let (lrStatus, _, lrBody) = try await post(client, "/api/v1/predict", #"{"text": "abcd"}"#)
            #expect(lrStatus == .ok)
            #expect(lrBody["model"] as? String == "lr")
            try await client.execute(uri: "/api/v1/health", method: .get) { #expect($0.status == .ok) }

            heavy.open(2)
            let (heldStatus, _, heldBody) = try await held.value
            #expect(heldStatus == .ok)
            #expect(try json(heldBody)["rating"] as? Double == 3)
            let (queuedStatus, _, queuedBody) = try await queued.value
            #expect(queuedStatus == .ok)
            #expect(try json(queuedBody)["ratings"] as? [Double] == [2, 4])

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
            let (status, _, body) = try await post(client, "/api/v1/models/heavy/predict", #"{"text": "abc"}"#)
            #expect(status == .gatewayTimeout)
            #expect(body["error"] as? String == "model heavy did not rate the texts within 0.1 seconds")
            let samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
            #expect(samples[.init(name: "jokemeter_model_refused_total", labels: ["model": "heavy", "version": "1", "reason": "timeout"])] == 1)
            heavy.open()
        }
    }

    @Test func aTextPastTheModelsTokenCapIsRefusedAsTheRoutesProtocolSaysAndNothingIsQueued() async throws {
        let heavy = TokenizedGatedModel(name: "heavy", execution: .dedicated(Self.heavySettings), maxTokensPerText: 3)
        try await app(heavy).test(.router) { client in
            let (status, _, body) = try await post(client, "/api/v1/models/heavy/predict", #"{"text": "one two three four"}"#)
            #expect(status == .unprocessableContent)
            #expect(body["error"] as? String == "the text is 4 tokens long; model heavy reads at most 3 tokens of a text")
            let (batchStatus, _, batchBody) = try await post(
                client,
                "/api/v1/models/heavy/predict/batch",
                #"{"texts": ["one", "one two three four", "two"]}"#
            )
            #expect(batchStatus == .unprocessableContent)
            #expect(batchBody["error"] as? String == "text 2 of 3 is 4 tokens long; model heavy reads at most 3 tokens of a text")
            let (inferStatus, _, inferBody) = try await post(
                client,
                "/v2/models/heavy/infer",
                #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["one two three four"]}]}"#
            )
            #expect(inferStatus == .badRequest, "the Open Inference Protocol answers every fault of a request 400")
            #expect(inferBody["error"] as? String == "the text is 4 tokens long; model heavy reads at most 3 tokens of a text")
            heavy.open()
            let (fine, _, answer) = try await post(client, "/api/v1/models/heavy/predict", #"{"text": "one two three"}"#)
            #expect(fine == .ok)
            #expect(answer["rating"] as? Double == 13)
            #expect(heavy.batchSizes == [1, 1])
        }
    }
}
