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

    /// (status, X-Model-Version, body) of a POST.
    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String = #"{"text": "abcde"}"#,
        headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, String?, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, response.headers[HTTPField.Name("X-Model-Version")!], try json(response.body))
        }
    }

    @Test func aNameGetsItsNewestVersionUnlessAPinNamesOne() async throws {
        try await app().test(.router) { client async throws in
            let (status, version, body) = try await post(client, "/api/v1/predict")
            #expect(status == .ok)
            #expect(version == "1.1.0")
            #expect(body["version"] as? String == "1.1.0")
            #expect(body["rating"] as? Double == 1.5)
        }
        try await app(pins: ["lr": "1.0.0"]).test(.router) { client async throws in
            let (_, version, body) = try await post(client, "/api/v1/predict", headers: [HTTPField.Name("X-Model")!: "lr"])
            #expect(version == "1.0.0")
            #expect(body["rating"] as? Double == 0.5)
        }
    }

    @Test func aVersionIsNamedByTheReferenceTheVersionHeaderOrThePath() async throws {
        try await app().test(.router) { client async throws in
            let model = HTTPField.Name("X-Model")!
            let version = HTTPField.Name("X-Model-Version")!
            let cases: [(uri: String, headers: HTTPFields, body: String)] = [
                ("/api/v1/predict", [model: "lr@1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict", [model: "lr", version: "1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict", [version: "1.0.0"], #"{"text": "abcde"}"#),
                ("/api/v1/predict?model=lr@1.0.0", [:], #"{"text": "abcde"}"#),
                ("/api/v1/models/lr/versions/1.0.0/predict", [version: "1.1.0"], #"{"text": "abcde"}"#),
                ("/api/v1/models/lr/versions/1.0.0/predict/batch", [:], #"{"texts": ["abcde"]}"#),
            ]
            for (uri, headers, body) in cases {
                let (status, answered, answer) = try await post(client, uri, body, headers: headers)
                #expect(status == .ok, "\(uri) \(headers)")
                #expect(answered == "1.0.0", "\(uri) \(headers)")
                #expect(answer["version"] as? String == "1.0.0", "\(uri) \(headers)")
            }
            // The model's kind cannot explain: the path's version answers that, and names itself.
            let (status, answered, _) = try await post(client, "/api/v1/models/lr/versions/1.0.0/explain")
            #expect(status == .unprocessableContent)
            #expect(answered == "1.0.0")
        }
    }

    @Test func anUnknownVersionIsA404ListingTheVersions() async throws {
        try await app().test(.router) { client async throws in
            let cases: [(uri: String, headers: HTTPFields)] = [
                ("/api/v1/predict", [HTTPField.Name("X-Model")!: "lr@9.9.9"]), ("/api/v1/models/lr/versions/9.9.9/predict", [:]),
                ("/api/v1/predict", [HTTPField.Name("X-Model-Version")!: "9.9.9"]),
            ]
            for (uri, headers) in cases {
                let (status, _, body) = try await post(client, uri, headers: headers)
                #expect(status == .notFound, "\(uri)")
                #expect(body["error"] as? String == #"model "lr" has no version "9.9.9"; its versions: 1.0.0, 1.1.0"#)
                #expect(body["versions"] as? [String] == ["1.0.0", "1.1.0"])
            }
            let (status, _, body) = try await post(client, "/v2/models/lr/versions/9.9.9/infer", Self.infer(["ab"]))
            #expect(status == .notFound)
            #expect(body["versions"] as? [String] == ["1.0.0", "1.1.0"])
            let (unknown, _, listing) = try await post(client, "/api/v1/predict", headers: [HTTPField.Name("X-Model")!: "xx@1.0.0"])
            #expect(unknown == .notFound)
            #expect(listing["models"] as? [String] == ["lr", "tr"])
        }
    }

    static func infer(_ texts: [String]) -> String {
        #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [\#(texts.count)], "data": [\#(texts.map { "\"\($0)\"" }.joined(separator: ", "))]}]}"#
    }

    @Test func openInferenceRoutesServeEachVersionAndListThemAll() async throws {
        try await app().test(.router) { client async throws in
            for (uri, version) in [("/v2/models/lr/infer", "1.1.0"), ("/v2/models/lr/versions/1.0.0/infer", "1.0.0")] {
                let (status, _, body) = try await post(client, uri, Self.infer(["abcde"]))
                #expect(status == .ok)
                #expect(body["model_version"] as? String == version)
            }
            let metadata = try await client.execute(uri: "/v2/models/lr/versions/1.0.0", method: .get) { try json($0.body) }
            #expect(metadata["versions"] as? [String] == ["1.0.0", "1.1.0"])
            let index = try await client.execute(uri: "/v2/models", method: .get) { try json($0.body) }
            let entries = (index["models"] as? [[String: Any]])?.map { "\($0["name"]!)@\($0["version"]!)" }
            #expect(entries == ["lr@1.0.0", "lr@1.1.0", "tr@2.0.0"])
            let config = try await client.execute(uri: "/v2/models/lr/versions/1.0.0/config", method: .get) { try json($0.body) }
            let parameters = config["parameters"] as? [String: [String: String]]
            #expect(parameters?["version"]?["string_value"] == "1.0.0")
            #expect(parameters?["served_version"]?["string_value"] == "1.1.0")
        }
    }

    @Test func theModelListingHasEveryVersionAndMarksTheServedOnes() async throws {
        try await app(pins: ["lr": "1.0.0"]).test(.router) { client async throws in
            let listing = try await client.execute(uri: "/api/v1/models", method: .get) { try json($0.body) }
            let models = try #require(listing["models"] as? [[String: Any]])
            #expect(models.map { "\($0["name"]!)@\($0["version"]!)" } == ["lr@1.0.0", "lr@1.1.0", "tr@2.0.0"])
            #expect(models.map { $0["served"] as? Bool } == [true, false, true])
            #expect(models.map { $0["default"] as? Bool } == [true, false, false])
            let version = try await client.execute(uri: "/api/v1/version", method: .get) { try json($0.body) }
            #expect(version["model"] as? String == "lr")
            #expect(version["modelVersion"] as? String == "1.0.0")
        }
    }

    @Test func routingWeightsAndTheShadowMayNameVersions() async throws {
        try await app {
            $0.routing = try RoutingPolicy(parsing: "lr@1.0.0:50,lr@1.1.0:50")
            $0.shadowModel = "lr@1.0.0"
        }.test(.router) { client async throws in
            var seen: Set<String> = []
            for _ in 0..<64 { seen.insert(try await post(client, "/api/v1/predict").1 ?? "") }
            #expect(seen == ["1.0.0", "1.1.0"], "64 draws at 50:50 reach both versions")
            let sticky = try await post(client, "/api/v1/predict", #"{"text": "abcde", "joker": "Петька"}"#).1
            for _ in 0..<8 { #expect(try await post(client, "/api/v1/predict", #"{"text": "abcde", "joker": "Петька"}"#).1 == sticky) }
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
                        labels: ["route": "/api/v1/predict", "model": "lr", "version": version, "status_class": "2xx"]
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
