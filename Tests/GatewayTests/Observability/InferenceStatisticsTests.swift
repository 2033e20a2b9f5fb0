import Gateway
import HummingbirdTesting
import Registry
import Testing

/// Triton's per-model statistics, recorded where the metrics are: what gRPC's `ModelStatistics` answers.
@Suite struct InferenceStatisticsTests {
    @Test func requestsAndTheirTextsAreCountedPerModelVersionWithFailuresApart() async throws {
        let configuration = testConfiguration()
        let metrics = GatewayMetrics(configuration: configuration)
        let app = buildApplication(configuration: configuration, models: testRegistry(), metrics: metrics)
        try await app.test(.router) { client in
            _ = try await client.infer(["one", "two", "three"], at: "/v2/models/lr/infer")
            _ = try await client.infer(["four"], at: "/v2/models/lr/infer")
            _ = try await client.infer([String(repeating: "x", count: 90), "y"], at: "/v2/models/tr/infer")
        }
        let counts = metrics.statistics.snapshot()
        let lr = try #require(counts[ModelLabels(name: "lr", version: "1.0.0")])
        #expect(lr.success.count == 2)
        #expect(lr.failure.count == 0)
        #expect(lr.inferences == 3 + 1, "texts rated")
        #expect(lr.executions == 3 + 1, "a model rated inline executes once a text")
        #expect(lr.queue.count == 2, "each request to an inline model counts as queued, waiting none")
        #expect(lr.queue.nanoseconds == 0)
        #expect(lr.compute.count == 4)
        #expect(lr.lastInference > 1_700_000_000_000, "milliseconds since 1970")
        #expect(counts[ModelLabels(name: "tr", version: "2.0.0")]?.success.count == 1)
    }
}
