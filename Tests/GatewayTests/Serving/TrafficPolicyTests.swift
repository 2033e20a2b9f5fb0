import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `ROUTING_WEIGHTS` and `SHADOW_MODEL` through the HTTP routes.
@Suite struct TrafficPolicyTests {
    func app(_ configure: (inout GatewayConfiguration) throws -> Void) rethrows -> some ApplicationProtocol {
        var configuration = testConfiguration()
        try configure(&configuration)
        return buildApplication(configuration: configuration, models: testRegistry())
    }

    /// The model that rated `text` for `joker`, named by `model` when given, at `uri`.
    private func model(
        _ client: some TestClientProtocol,
        _ text: String,
        joker: String? = nil,
        model: String? = nil,
        uri: String = "/api/v1/predict"
    ) async throws -> String {
        let answer = try await client.predict(text, joker: joker, model: model, at: uri)
        #expect(answer.status == .ok)
        return try answer.value.model
    }

    /// The model that rated `texts` for `joker`.
    private func model(_ client: some TestClientProtocol, batch texts: [String], joker: String? = nil) async throws -> String {
        let answer = try await client.predict(batch: texts, joker: joker)
        #expect(answer.status == .ok)
        return try answer.value.model
    }

    @Test func requestsThatNameNoModelFollowTheWeightsAndAJokerStaysOnOneModel() async throws {
        try await app { $0.routing = try RoutingPolicy(parsing: "lr:50,tr:50") }.test(.router) { client async throws in
            var seen: Set<String> = []
            for _ in 0..<64 { seen.insert(try await model(client, "abc")) }
            #expect(seen == ["lr", "tr"], "64 draws at 50:50 reach both models")
            for joker in ["Петька", "Анка", "Фурманов"] {
                let first = try await model(client, "abc", joker: joker)
                for _ in 0..<10 { #expect(try await model(client, "abc", joker: joker) == first) }
                #expect(try await model(client, batch: ["abc"], joker: joker) == first)
            }
        }
    }

    @Test func explicitSelectionAlwaysWins() async throws {
        try await app { $0.routing = try RoutingPolicy(parsing: "tr:1") }.test(.router) { client async throws in
            #expect(try await model(client, "abc") == "tr")
            #expect(try await model(client, "abc", model: "lr") == "lr")
            #expect(try await model(client, "abc", uri: "/api/v1/models/lr/predict") == "lr")
            #expect(try await model(client, "abc", uri: "/api/v1/predict?model=lr") == "lr")
        }
    }

    @Test func theShadowRatesAfterTheAnswerWithoutTouchingIt() async throws {
        try await app { $0.shadowModel = "tr" }.test(.router) { client async throws in
            // lr rates 0.1 per code point, tr 0.2: the shadow's difference for "abcde" is 0.5.
            #expect(try await client.predict("abcde").value.rating == 0.5)
            _ = try await model(client, batch: ["abcde", "ab"])
            _ = try await model(client, "abcde", model: "tr")
            // The shadow rates after the answers, on a thread of its own.
            let series = ["model": "lr", "version": "1.0.0", "shadow": "tr", "shadow_version": "2.0.0"]
            var samples: [MetricsRouteTests.Sample: Double] = [:]
            try await eventually {
                samples = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
                return samples[.init(name: "jokemeter_shadow_rating_difference_count", labels: series)] == 3
            }
            #expect(abs((samples[.init(name: "jokemeter_shadow_rating_difference_sum", labels: series)] ?? 0) - 1.2) < 1e-9)
            #expect(samples[.init(name: "jokemeter_shadow_rating_difference_bucket", labels: series.merging(["le": "0.25"]) { $1 })] == 1)
            #expect(
                !samples.keys.contains { $0.name.hasPrefix("jokemeter_shadow") && $0.labels["model"] == "tr" },
                "the shadow does not shadow itself"
            )
        }
    }

    @Test func trafficSettingsMustNameLoadedModels() throws {
        var configuration = GatewayConfiguration()
        configuration.routing = try RoutingPolicy(parsing: "lr:1,xx:1")
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate(models: testRegistry()) }
        configuration.routing = nil
        configuration.shadowModel = "xx"
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate(models: testRegistry()) }
        configuration.shadowModel = "tr"
        try configuration.validate(models: testRegistry())
    }
}
