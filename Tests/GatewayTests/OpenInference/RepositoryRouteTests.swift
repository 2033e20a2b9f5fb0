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

    /// (status, body) of an admin POST: JSON when there is a body, else nil.
    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String? = nil,
        token: String? = Self.token
    ) async throws -> (HTTPResponse.Status, Any?) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.body.readableBytes == 0 ? nil : try JSONSerialization.jsonObject(with: Data(buffer: response.body)))
        }
    }

    private func index(_ client: some TestClientProtocol, _ body: String? = nil) async throws -> [String] {
        let (status, answer) = try await post(client, "/v2/repository/index", body)
        #expect(status == .ok)
        return (answer as? [[String: String]] ?? []).map { entry in
            "\(entry["name"]!)@\(entry["version"] ?? "-") \(entry["state"]!)\(entry["reason"]!.isEmpty ? "" : ": " + entry["reason"]!)"
        }
    }

    /// The status of a prediction by `model` (a name or name@version), and the version that answered: `200 1.0.0`.
    private func predict(_ client: some TestClientProtocol, _ model: String) async throws -> String {
        try await client.execute(
            uri: "/api/v1/predict",
            method: .post,
            headers: [HTTPField.Name("X-Model")!: model],
            body: ByteBuffer(string: #"{"text": "abc"}"#)
        ) { "\($0.status.code) \($0.headers[HTTPField.Name("X-Model-Version")!] ?? "-")" }
    }

    @Test func theRoutesNeedTheAdminToken() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            for uri in ["/v2/repository/index", "/v2/repository/models/tr/load", "/v2/repository/models/tr/unload"] {
                #expect(try await post(client, uri, token: nil).0 == .unauthorized, "\(uri)")
                #expect(try await post(client, uri, token: "another-token-of-16-chars").0 == .forbidden, "\(uri)")
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
            #expect(try await post(client, "/v2/repository/index", #"{"ready": 1}"#).0 == .badRequest)
            #expect(try await post(client, "/v2/repository/index", "[1]").0 == .badRequest)
        }
    }

    @Test func anUnloadedModelStaysUnloadedAcrossReloadsUntilItIsLoadedAgain() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            let (status, body) = try await post(client, "/v2/repository/models/tr/unload", #"{"parameters": {"unload_dependents": false}}"#)
            #expect(status == .ok)
            #expect(body == nil)
            #expect(try await predict(client, "tr").hasPrefix("404 "))
            #expect(try await post(client, "/v2/repository/models/tr/unload").0 == .ok, "unloading again changes nothing")
            #expect(try await index(client).last == "tr@2.0.0 UNAVAILABLE: unloaded through the repository API")
            #expect(try await post(client, "/admin/reload").0 == .ok)
            #expect(try await predict(client, "tr").hasPrefix("404 "), "a reload keeps it unloaded")
            #expect(try await post(client, "/v2/repository/models/tr/load").0 == .ok)
            #expect(try await predict(client, "tr") == "200 2.0.0")
            #expect(try await index(client).last == "tr@2.0.0 READY")
        }
    }

    @Test func aLoadReadsTheModelsArtifactsAgainAndLeavesTheOthers() async throws {
        let folder = try Self.folder()
        try await app(folder).test(.router) { client async throws in
            try folder.write("lr-1.2.0.json", name: "lr", version: "1.2.0", scale: 0.5)
            try folder.write("tr.json", name: "tr", version: "2.1.0", scale: 0.2)
            #expect(try await post(client, "/v2/repository/models/lr/load", "{}").0 == .ok)
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
                let (answered, body) = try await post(client, uri)
                #expect(answered == status, "\(uri)")
                #expect((body as? [String: Any])?["error"] as? String == error, "\(uri)")
            }
            let (status, body) = try await post(client, "/v2/repository/models/lr/load", #"{"parameters": {"config": "{}"}}"#)
            #expect(status == .badRequest)
            #expect(
                (body as? [String: Any])?["error"] as? String
                    == #""config" is not supported: a model loads from its artifacts in the models folder, as they are"#
            )
            for (uri, body) in [
                ("/v2/repository/models/lr/load", #"{"parameters": [1]}"#), ("/v2/repository/models/tr/unload", #"{"parameters": 3}"#),
            ] {
                let (answered, error) = try await post(client, uri, body)
                #expect(answered == .badRequest, "\(uri)")
                #expect((error as? [String: Any])?["error"] as? String == #""parameters" must be an object"#)
            }
            #expect(try await predict(client, "tr") == "200 2.0.0", "a refused unload leaves tr serving")
            try folder.remove("lr-1.0.0.json")
            let (refused, reason) = try await post(client, "/v2/repository/models/lr/load")
            #expect(refused == .conflict, "the routing weights name lr@1.0.0, which the folder no longer has")
            #expect(((reason as? [String: Any])?["error"] as? String)?.hasPrefix("load of lr failed; the models serving stay as they were: ") == true)
            #expect(try await predict(client, "lr@1.0.0") == "200 1.0.0")
            try folder.write(
                "lr-1.0.0.json",
                text: #"{"format": "jokemeter.model", "formatVersion": 1, "name": "lr", "kind": "scaled-length", "version": "1.0.0"}"#
            )
            #expect(try await post(client, "/v2/repository/models/lr/load").0 == .conflict, "a broken artifact of lr")
            #expect(try await predict(client, "lr@1.0.0") == "200 1.0.0")
        }
    }
}
