import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// A model kind of these tests that loads from an artifact file: rates a text by its length times `estimator.scale`.
struct ScaledLengthModel: ModelPlugin {
    static let kind = "scaled-length"

    let descriptor: ModelDescriptor
    let scale: Double

    init(artifact: ModelArtifact) throws {
        struct Body: Decodable {
            struct Estimator: Decodable { var scale: Double }
            var estimator: Estimator
        }
        descriptor = artifact.descriptor
        scale = try artifact.decode(Body.self).estimator.scale
    }

    func predict(_ text: String) -> Double { Double(text.unicodeScalars.count) * scale }
}

/// The model repository extension (`/v2/repository`) over a real folder: the index, load and unload behind the
/// admin token, what each refuses, and an unload that outlasts reloads.
@Suite struct RepositoryRouteTests {
    static let token = "a-token-of-16-or-more"
    static let loader = ModelLoader(plugins: [ScaledLengthModel.self])

    /// A temporary models folder.
    final class Folder: Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repository-\(UUID().uuidString)")

        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

        func write(_ file: String, name: String, version: String, scale: Double) throws {
            let text = """
                {"format": "jokemeter.model", "formatVersion": 1, "name": "\(name)", "kind": "scaled-length", "version": "\(version)",
                 "estimator": {"scale": \(scale)}}
                """
            try Data(text.utf8).write(to: url.appendingPathComponent(file))
        }

        func write(_ file: String, text: String) throws { try Data(text.utf8).write(to: url.appendingPathComponent(file)) }

        func remove(_ file: String) throws { try FileManager.default.removeItem(at: url.appendingPathComponent(file)) }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// lr at 1.0.0 and 1.1.0, tr at 2.0.0.
    static func folder() throws -> Folder {
        let folder = try Folder()
        try folder.write("lr-1.0.0.json", name: "lr", version: "1.0.0", scale: 0.1)
        try folder.write("lr-1.1.0.json", name: "lr", version: "1.1.0", scale: 0.3)
        try folder.write("tr.json", name: "tr", version: "2.0.0", scale: 0.2)
        return folder
    }

    func app(_ folder: Folder, _ configure: (inout GatewayConfiguration) throws -> Void = { _ in }) throws -> some ApplicationProtocol {
        var configuration = testConfiguration()
        configuration.adminToken = Self.token
        try configure(&configuration)
        let models = ModelFolder(directory: folder.url, loader: Self.loader)
        let pins = configuration.pins
        return buildApplication(
            configuration: configuration,
            models: try models.loadRegistry(defaultModel: "lr", pins: pins),
            folder: models,
            reloadModels: { try models.loadRegistry(defaultModel: "lr", pins: pins) }
        )
    }

    /// An admin POST of `body`, or of nothing, to `uri`, with `token` as its bearer: load and unload answer nothing
    /// when they succeed, and so does a reload, as far as these tests read it.
    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String? = nil,
        token: String? = Self.token
    ) async throws -> Answer<Never> {
        try await client.post(uri, body, headers: Self.authorization(token), as: Never.self)
    }

    private static func authorization(_ token: String?) -> HTTPFields {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    /// The repository's index, an entry a line: `lr@1.0.0 READY`, `broken@- UNAVAILABLE: cannot be loaded: …`.
    private func index(_ client: some TestClientProtocol, _ body: String? = nil) async throws -> [String] {
        let answer = try await client.post("/v2/repository/index", body, headers: Self.authorization(Self.token), as: [RepositoryEntry].self)
        #expect(answer.status == .ok)
        return try answer.value.map { entry in
            "\(entry.name)@\(entry.version ?? "-") \(entry.state)\(entry.reason.isEmpty ? "" : ": " + entry.reason)"
        }
    }

    /// The status of a prediction by `model` (a name or name@version), and the version that answered: `200 1.0.0`.
    private func predict(_ client: some TestClientProtocol, _ model: String) async throws -> String {
        let answer = try await client.predict("abc", model: model)
        return "\(answer.status.code) \(answer.headers[.modelVersion] ?? "-")"
    }

    @Test func theRoutesNeedTheAdminToken() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            for uri in ["/v2/repository/index", "/v2/repository/models/tr/load", "/v2/repository/models/tr/unload"] {
                #expect(try await post(client, uri, token: nil).status == .unauthorized, "\(uri)")
                #expect(try await post(client, uri, token: "another-token-of-16-chars").status == .forbidden, "\(uri)")
            }
            #expect(try await predict(client, "tr").hasPrefix("200 "), "nothing was unloaded")
        }
    }

    @Test func theIndexListsEveryArtifactWithItsStateAndTakesAnEmptyBody() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            #expect(try await index(client) == ["lr@1.0.0 READY", "lr@1.1.0 READY", "tr@2.0.0 READY"])
            #expect(try await index(client, "{}") == ["lr@1.0.0 READY", "lr@1.1.0 READY", "tr@2.0.0 READY"])
            try folder.write("lr-1.2.0.json", name: "lr", version: "1.2.0", scale: 0.5)
            try folder.write("broken.json", text: "{ not json")
            try folder.remove("tr.json")
            let all = try await index(client)
            #expect(all.count == 5)
            #expect(all.contains { $0.hasPrefix("broken@- UNAVAILABLE: cannot be loaded: broken.json:") })
            #expect(all.contains("lr@1.2.0 UNAVAILABLE: not loaded: in the folder since the last load or reload"))
            #expect(all.contains("tr@2.0.0 READY: serving; its artifact has left the folder"))
            #expect(
                try await index(client, #"{"ready": true}"#) == [
                    "lr@1.0.0 READY", "lr@1.1.0 READY", "tr@2.0.0 READY: serving; its artifact has left the folder",
                ]
            )
            #expect(try await post(client, "/v2/repository/index", #"{"ready": 1}"#).status == .badRequest)
            #expect(try await post(client, "/v2/repository/index", "[1]").status == .badRequest)
        }
    }

    @Test func anUnloadedModelStaysUnloadedAcrossReloadsUntilItIsLoadedAgain() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            let unloaded = try await post(client, "/v2/repository/models/tr/unload", #"{"parameters": {"unload_dependents": false}}"#)
            #expect(unloaded.status == .ok)
            #expect(unloaded.body.readableBytes == 0, "an empty body")
            #expect(try await predict(client, "tr").hasPrefix("404 "))
            #expect(try await post(client, "/v2/repository/models/tr/unload").status == .ok, "unloading again changes nothing")
            #expect(try await index(client).last == "tr@2.0.0 UNAVAILABLE: unloaded through the repository API")
            #expect(try await post(client, "/admin/reload").status == .ok)
            #expect(try await predict(client, "tr").hasPrefix("404 "), "a reload keeps it unloaded")
            #expect(try await post(client, "/v2/repository/models/tr/load").status == .ok)
            #expect(try await predict(client, "tr") == "200 2.0.0")
            #expect(try await index(client).last == "tr@2.0.0 READY")
        }
    }

    @Test func aLoadReadsTheModelsArtifactsAgainAndLeavesTheOthers() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            try folder.write("lr-1.2.0.json", name: "lr", version: "1.2.0", scale: 0.5)
            try folder.write("tr.json", name: "tr", version: "2.1.0", scale: 0.2)
            #expect(try await post(client, "/v2/repository/models/lr/load", "{}").status == .ok)
            #expect(try await predict(client, "lr") == "200 1.2.0", "the newest version serves")
            #expect(try await predict(client, "lr@1.0.0") == "200 1.0.0")
            #expect(try await predict(client, "tr") == "200 2.0.0", "tr was not loaded again")
        }
    }

    @Test func whatALoadOrUnloadRefusesLeavesTheModelsAsTheyWere() async throws {
        let folder = try Self.folder()
        try await app(folder) {
            $0.routing = try RoutingPolicy(parsing: "lr@1.0.0:9,lr@1.1.0:1")
            $0.shadowModel = "tr"
        }.test(.router) { client async throws in
            let refusals: [(uri: String, status: HTTPResponse.Status, error: String)] = [
                ("/v2/repository/models/lr/unload", .conflict, "lr cannot be unloaded: it is the default model (--default-model / DEFAULT_MODEL)"),
                ("/v2/repository/models/tr/unload", .conflict, "tr cannot be unloaded: it is the shadow model (--shadow-model / SHADOW_MODEL)"),
                ("/v2/repository/models/xx/unload", .notFound, #"unknown model "xx"; available models: lr, tr"#),
                ("/v2/repository/models/xx/load", .notFound, #"unknown model "xx"; available models: lr, tr"#),
            ]
            for (uri, status, error) in refusals {
                let answer = try await post(client, uri)
                #expect(answer.status == status, "\(uri)")
                #expect(try answer.error.message == error, "\(uri)")
            }
            let configured = try await post(client, "/v2/repository/models/lr/load", #"{"parameters": {"config": "{}"}}"#)
            #expect(configured.status == .badRequest)
            #expect(
                try configured.error.message == #""config" is not supported: a model loads from its artifacts in the models folder, as they are"#
            )
            for (uri, body) in [
                ("/v2/repository/models/lr/load", #"{"parameters": [1]}"#), ("/v2/repository/models/tr/unload", #"{"parameters": 3}"#),
            ] {
                let answer = try await post(client, uri, body)
                #expect(answer.status == .badRequest, "\(uri)")
                #expect(try answer.error.message == #""parameters" must be an object"#)
            }
            #expect(try await predict(client, "tr") == "200 2.0.0", "a refused unload leaves tr serving")
            try folder.remove("lr-1.0.0.json")
            let refused = try await post(client, "/v2/repository/models/lr/load")
            #expect(refused.status == .conflict, "the routing weights name lr@1.0.0, which the folder no longer has")
            #expect(try refused.error.message.hasPrefix("load of lr failed; the models serving stay as they were: "))
            #expect(try await predict(client, "lr@1.0.0") == "200 1.0.0")
            try folder.write(
                "lr-1.0.0.json",
                text: #"{"format": "jokemeter.model", "formatVersion": 1, "name": "lr", "kind": "scaled-length", "version": "1.0.0"}"#
            )
            #expect(try await post(client, "/v2/repository/models/lr/load").status == .conflict, "a broken artifact of lr")
            #expect(try await predict(client, "lr@1.0.0") == "200 1.0.0")
        }
    }
}
