import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Synchronization
import Testing

/// `POST /admin/reload`: the bearer token, a reload that swaps the models whole, one that fails and changes nothing.
@Suite struct AdminReloadTests {
    static let token = "a-token-of-16-or-more"

    /// What the next reload loads: a set whose `lr` has `version`, or an error.
    final class NextSet: Sendable {
        let next = Mutex<Result<ModelRegistry, ModelRegistryError>>(.success(testRegistry()))

        func load() throws -> ModelRegistry { try next.withLock { $0 }.get() }

        func serve(lrVersion version: String, without: String? = nil) {
            var models: [any TextModel] = [
                LengthModel(name: "lr", version: version, scale: 1), LengthModel(name: "tr", version: "2.0.0", scale: 0.2),
            ]
            models.removeAll { $0.descriptor.name == without }
            next.withLock { $0 = .success(try! ModelRegistry(models: models, defaultModel: "lr")) }
        }

        func fail() { next.withLock { $0 = .failure(.noArtifacts(path: "/models")) } }
    }

    func app(token: String? = Self.token, next: NextSet, configure: (inout GatewayConfiguration) -> Void = { _ in }) -> some ApplicationProtocol {
        var configuration = testConfiguration()
        configuration.adminToken = token
        configure(&configuration)
        return buildApplication(configuration: configuration, models: testRegistry(), reloadModels: { try next.load() })
    }

    private func reload(_ client: some TestClientProtocol, authorization: String? = "Bearer \(Self.token)") async throws -> Answer<Reloaded> {
        var headers: HTTPFields = [:]
        if let authorization { headers[.authorization] = authorization }
        return try await client.post("/admin/reload", headers: headers, as: Reloaded.self)
    }

    private func lrVersion(_ client: some TestClientProtocol) async throws -> String? {
        try await client.predict("abc").headers[.modelVersion]
    }

    @Test func disabledWithoutAToken() async throws {
        try await app(token: nil, next: NextSet()).test(.router) { client in
            let answer = try await reload(client)
            #expect(answer.status == .forbidden)
            #expect(try answer.error.message == "admin routes are disabled; set ADMIN_TOKEN")
        }
    }

    @Test func needsTheBearerToken() async throws {
        try await app(next: NextSet()).test(.router) { client in
            for authorization in [nil, "Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer "] as [String?] {
                let answer = try await reload(client, authorization: authorization)
                #expect(answer.status == .unauthorized, "\(authorization ?? "none")")
                #expect(answer.headers[.wwwAuthenticate] == #"Bearer realm="jokemeter""#)
                #expect(try answer.error.message == "send Authorization: Bearer <ADMIN_TOKEN>")
            }
            for authorization in ["Bearer wrong", "Bearer \(Self.token)x", "Bearer \(Self.token.dropLast())"] {
                #expect(try await reload(client, authorization: authorization).status == .forbidden)
            }
            #expect(try await reload(client, authorization: "bearer \(Self.token)").status == .ok, "the scheme is case-insensitive")
            #expect(try await client.execute(uri: "/admin/reload", method: .get).status == .methodNotAllowed)
        }
    }

    @Test func aReloadSwapsTheModelsAndAFailedOneChangesNothing() async throws {
        let next = NextSet()
        try await app(next: next).test(.router) { client in
            #expect(try await lrVersion(client) == "1.0.0")
            next.serve(lrVersion: "1.1.0")
            let answer = try await reload(client)
            #expect(answer.status == .ok)
            let reloaded = try answer.value
            #expect(reloaded.status == "reloaded")
            #expect(reloaded.defaultModel == "lr")
            #expect(reloaded.models.map(\.version) == ["1.1.0", "2.0.0"])
            #expect(try await lrVersion(client) == "1.1.0")

            next.fail()
            let failed = try await reload(client)
            #expect(failed.status == .conflict)
            #expect(try failed.error.message == "reload failed; still serving the previous models: no model artifacts (*.json) in /models")
            #expect(try failed.error.models == ["lr", "tr"])
            #expect(try await lrVersion(client) == "1.1.0")

            let metrics = try await client.execute(uri: "/metrics", method: .get) { MetricsRouteTests.samples(String(buffer: $0.body)) }
            #expect(metrics[.init(name: "jokemeter_model_reloads_total", labels: ["result": "success"])] == 1)
            #expect(metrics[.init(name: "jokemeter_model_reloads_total", labels: ["result": "failure"])] == 1)
            #expect(metrics[.init(name: "jokemeter_model_info", labels: ["model": "lr", "kind": "length", "version": "1.1.0"])] == 1)
            #expect(metrics[.init(name: "jokemeter_model_info", labels: ["model": "lr", "kind": "length", "version": "1.0.0"])] == nil)
        }
    }

    @Test func aSetWithoutTheModelsTheTrafficSettingsNameIsRefused() async throws {
        let next = NextSet()
        try await app(next: next, configure: { $0.shadowModel = "tr" }).test(.router) { client in
            next.serve(lrVersion: "1.1.0", without: "tr")
            let answer = try await reload(client)
            #expect(answer.status == .conflict)
            #expect(try answer.error.message.contains("--shadow-model: tr is not loaded"))
            #expect(try await lrVersion(client) == "1.0.0")
        }
    }
}
