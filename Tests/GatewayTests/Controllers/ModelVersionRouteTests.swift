import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// Two versions of `lr` served side by side (1.0.0 rates 0.1 per code point, 1.1.0 rates 0.3), beside `tr`:
/// selection by `lr@1.0.0`, `X-Model-Version`, the path forms and `/v2`; the version policy; listings, weights,
/// the shadow and metrics by version.
@Suite struct ModelVersionRouteTests {
    static func registry(pins: [String: String] = [:]) -> ModelRegistry {
        try! ModelRegistry(
            models: [
                LengthModel(name: "lr", version: "1.1.0", scale: 0.3), LengthModel(name: "lr", version: "1.0.0", scale: 0.1),
                LengthModel(name: "tr", version: "2.0.0", scale: 0.2),
            ],
            defaultModel: "lr",
            pins: pins
        )
    }

    func app(pins: [String: String] = [:], _ configure: (inout GatewayConfiguration) throws -> Void = { _ in }) rethrows -> some ApplicationProtocol {
        var configuration = testConfiguration()
        try configure(&configuration)
        return buildApplication(configuration: configuration, models: Self.registry(pins: pins))
    }

    /// What a prediction's answer and a batch's both say: the version that answered.
    private struct AnsweredVersion: Decodable {
        var version: String
    }

    @Test func aNameGetsItsNewestVersionUnlessAPinNamesOne() async throws {
        try await app().test(.router) { client async throws in
            let answer = try await client.predict("abcde")
            #expect(answer.status == .ok)
            #expect(answer.headers[.modelVersion] == "1.1.0")
            #expect(try answer.value.version == "1.1.0")
            #expect(try answer.value.rating == 1.5)
        }
        try await app(pins: ["lr": "1.0.0"]).test(.router) { client async throws in
            let answer = try await client.predict("abcde", model: "lr")
            #expect(answer.headers[.modelVersion] == "1.0.0")
            #expect(try answer.value.rating == 0.5)
        }
    }

    @Test func aVersionIsNamedByTheReferenceTheVersionHeaderOrThePath() async throws {
        try await app().test(.router) { client async throws in
            let cases: [(uri: String, headers: HTTPFields, body: String)] = [
                ("/api/v1/predict", [.modelName: "lr@1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict", [.modelName: "lr", .modelVersion: "1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict", [.modelVersion: "1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict?model=lr@1.0.0", [:], #"{"text": "abcde"}"#),
                ("/api/v1/models/lr/versions/1.0.0/predict", [.modelVersion: "1.1.0"], #"{"text": "abcde"}"#),
                ("/api/v1/models/lr/versions/1.0.0/predict/batch", [:], #"{"texts": ["abcde"]}"#),
            ]
            for (uri, headers, body) in cases {
                let answer = try await client.post(uri, body, headers: headers, as: AnsweredVersion.self)
                #expect(answer.status == .ok, "\(uri) \(headers)")
                #expect(answer.headers[.modelVersion] == "1.0.0", "\(uri) \(headers)")
                #expect(try answer.value.version == "1.0.0", "\(uri) \(headers)")
            }
            // The model's kind cannot explain: the path's version answers that, and names itself.
            let explained = try await client.explain("abcde", at: "/api/v1/models/lr/versions/1.0.0/explain")
            #expect(explained.status == .unprocessableContent)
            #expect(explained.headers[.modelVersion] == "1.0.0")
        }
    }

    @Test func anUnknownVersionIsA404ListingTheVersions() async throws {
        try await app().test(.router) { client async throws in
            let cases: [(uri: String, headers: HTTPFields)] = [
                ("/api/v1/predict", [.modelName: "lr@9.9.9"]), ("/api/v1/models/lr/versions/9.9.9/predict", [:]),
                ("/api/v1/predict", [.modelVersion: "9.9.9"]),
            ]
            for (uri, headers) in cases {
                let answer = try await client.predict("abcde", headers: headers, at: uri)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(try answer.error.message == #"model "lr" has no version "9.9.9"; its versions: 1.0.0, 1.1.0"#)
                #expect(try answer.error.versions == ["1.0.0", "1.1.0"])
            }
            let inferred = try await client.infer(["ab"], at: "/v2/models/lr/versions/9.9.9/infer")
            #expect(inferred.status == .notFound)
            #expect(try inferred.error.versions == ["1.0.0", "1.1.0"])
            let unknown = try await client.predict("abcde", model: "xx@1.0.0")
            #expect(unknown.status == .notFound)
            #expect(try unknown.error.models == ["lr", "tr"])
        }
    }

    @Test func openInferenceRoutesServeEachVersionAndListThemAll() async throws {
        try await app().test(.router) { client async throws in
            for (uri, version) in [("/v2/models/lr/infer", "1.1.0"), ("/v2/models/lr/versions/1.0.0/infer", "1.0.0")] {
                let answer = try await client.infer(["abcde"], at: uri)
                #expect(answer.status == .ok)
                #expect(try answer.value.modelVersion == version)
            }
            let metadata = try await client.get("/v2/models/lr/versions/1.0.0", as: ModelMetadata.self).value
            #expect(metadata.versions == ["1.0.0", "1.1.0"])
            let index = try await client.get("/v2/models", as: ModelIndex.self).value
            #expect(index.models.map { "\($0["name"]!)@\($0["version"]!)" } == ["lr@1.0.0", "lr@1.1.0", "tr@2.0.0"])
            let config = try await client.get("/v2/models/lr/versions/1.0.0/config", as: ModelConfig.self).value
            #expect(config.parameters["version"]?["string_value"] == "1.0.0")
            #expect(config.parameters["served_version"]?["string_value"] == "1.1.0")
        }
    }

    @Test func theModelListingHasEveryVersionAndMarksTheServedOnes() async throws {
        try await app(pins: ["lr": "1.0.0"]).test(.router) { client async throws in
            let models = try await client.get("/api/v1/models", as: ModelListing.self).value.models
            #expect(models.map { "\($0.name)@\($0.version)" } == ["lr@1.0.0", "lr@1.1.0", "tr@2.0.0"])
            #expect(models.map(\.served) == [true, false, true])
            #expect(models.map(\.isDefault) == [true, false, false])
            let version = try await client.get("/api/v1/version", as: VersionInfo.self).value
            #expect(version.model == "lr")
            #expect(version.modelVersion == "1.0.0")
        }
    }

    @Test func routingWeightsAndTheShadowMayNameVersions() async throws {
        try await app {
            $0.routing = try RoutingPolicy(parsing: "lr@1.0.0:50,lr@1.1.0:50")
            $0.shadowModel = "lr@1.0.0"
        }.test(.router) { client async throws in
            var seen: Set<String> = []
            for _ in 0..<64 { seen.insert(try await client.predict("abcde").headers[.modelVersion] ?? "") }
            #expect(seen == ["1.0.0", "1.1.0"], "64 draws at 50:50 reach both versions")
            let sticky = try await client.predict("abcde", joker: "Петька").headers[.modelVersion]
            for _ in 0..<8 { #expect(try await client.predict("abcde", joker: "Петька").headers[.modelVersion] == sticky) }
            // lr 1.0.0 shadows what lr 1.1.0 answers (0.1 - 0.3 per code point), never itself.
            let series = ["model": "lr", "version": "1.1.0", "shadow": "lr", "shadow_version": "1.0.0"]
            try await eventually {
                let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
                return MetricsRouteTests.samples(metrics)[.init(name: "jokemeter_shadow_rating_difference_count", labels: series)] ?? 0 > 0
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            let samples = MetricsRouteTests.samples(metrics)
            let requests = { (version: String) in
                samples[
                    .init(
                        name: "jokemeter_http_requests_total",
                        labels: ["route": "/api/v1/predict", "model": "lr", "version": version, "protocol": "http", "status_class": "2xx"]
                    )
                ]
            }
            #expect((requests("1.0.0") ?? 0) + (requests("1.1.0") ?? 0) == 64 + 9)
            #expect(samples[.init(name: "jokemeter_model_info", labels: ["model": "lr", "kind": "length", "version": "1.0.0"])] == 1)
            #expect(samples[.init(name: "jokemeter_models_loaded", labels: [:])] == 3)
            #expect(samples.keys.allSatisfy { $0.labels["shadow"] == nil || $0.labels["shadow_version"] == "1.0.0" }, "never itself")
        }
    }

    @Test func weightsOrAShadowNamingAVersionThatIsNotLoadedAreRefused() throws {
        var configuration = testConfiguration()
        configuration.routing = try RoutingPolicy(parsing: "lr@1.0.0:1,lr@9.9.9:1")
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate(models: Self.registry()) }
        configuration.routing = try RoutingPolicy(parsing: "lr@1.0.0:1,lr@1.1.0:1")
        try configuration.validate(models: Self.registry())
        configuration.shadowModel = "tr@1.0.0"
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate(models: Self.registry()) }
    }
}
