import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `X-Request-Timeout`: the HTTP routes' twin of gRPC's deadline. Work whose caller's deadline has passed is never
/// run, and the answer is 504; a value that is not a number of seconds is a fault of the request.
@Suite struct RequestDeadlineTests {
    var app: some ApplicationProtocol { buildApplication(configuration: testConfiguration(), models: testRegistry()) }

    @Test func aDeadlineThatHasPassedIsAnswered504AndNothingIsRated() async throws {
        let configuration = testConfiguration()
        let metrics = GatewayMetrics(configuration: configuration)
        let app = buildApplication(configuration: configuration, models: testRegistry(), metrics: metrics)
        try await app.test(.router) { client in
            let expired = try await client.predict("a joke", headers: [.requestTimeout: "0.000000001"])
            #expect(expired.status == .gatewayTimeout)
            #expect(try expired.error.message == "the request's deadline passed before model lr came to its texts; they were not rated")
            #expect(expired.headers[.modelName] == "lr")
            let inTime = try await client.predict("a joke", headers: [.requestTimeout: "30"])
            #expect(inTime.status == .ok)
        }
        let lr = metrics.statistics.snapshot()[ModelLabels(name: "lr", version: "1.0.0")]
        #expect(lr?.inferences == 1, "only the request in time was rated")
        #expect(lr?.failure.count == 1)
    }

    @Test(arguments: ["soon", "0", "-1", "1e9", "nan"])
    func aValueThatIsNotSecondsIsA400SayingSo(value: String) async throws {
        try await app.test(.router) { client in
            let answer = try await client.predict("a joke", headers: [.requestTimeout: value])
            #expect(answer.status == .badRequest)
            #expect(try answer.error.message == "X-Request-Timeout must be a number of seconds above 0 and at most 86400, not \"\(value)\"")
        }
    }
}
