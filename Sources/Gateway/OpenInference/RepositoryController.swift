import Hummingbird
import NIOCore
import Registry

/// The Open Inference Protocol's model repository extension, behind the admin token: `POST /v2/repository/index`
/// (every artifact of the folder with its state), `POST /v2/repository/models/{model}/load` and `…/unload`. Each
/// acts on this process alone: with several replicas a fleet changes through the folder and a rollout.
struct RepositoryController: Sendable {
    let authorization: AdminAuthorization
    let reloader: ModelReloader?
    let bodyReader: JSONBodyReader

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("v2/repository/index") { request, _ throws in
            let (reloader, body) = try await prepare(request)
            let readyOnly: Bool
            switch body["ready"] {
            case nil, .null?: readyOnly = false
            case .bool(let ready)?: readyOnly = ready
            case .some: throw GatewayError.invalidTensor("\"ready\" must be true or false")
            }
            let entries = try await reloader.repositoryIndex()
            return RepositoryIndex(entries: readyOnly ? entries.filter { $0.state == RepositoryIndex.ready } : entries)
        }
        routes.post("v2/repository/models/{model}/load") { request, context throws in
            let (reloader, body) = try await prepare(request)
            if let override = try Self.parameters(of: body).keys.sorted().first(where: { $0 == "config" || $0.hasPrefix("file:") }) {
                throw GatewayError.invalidTensor(
                    "\"\(override)\" is not supported: a model loads from its artifacts in the models folder, as they are"
                )
            }
            _ = try await reloader.loadModel(context.parameters.get("model") ?? "")
            return Response(status: .ok)
        }
        routes.post("v2/repository/models/{model}/unload") { request, context throws in
            let (reloader, body) = try await prepare(request)
            _ = try Self.parameters(of: body)  // unload_dependents, as tritonclient sends it: there are none
            _ = try await reloader.unloadModel(context.parameters.get("model") ?? "")
            return Response(status: .ok)
        }
        for path in ["v2/repository/index", "v2/repository/models/{model}/load", "v2/repository/models/{model}/unload"] {
            routes.allow(only: [.post], on: RouterPath(path))
        }
        return routes
    }

    /// The body's `parameters`: an object, or none.
    private static func parameters(of body: [String: JSONValue]) throws(GatewayError) -> [String: JSONValue] {
        switch body["parameters"] {
        case nil, .null?: [:]
        case .object(let parameters)?: parameters
        case .some: throw .invalidTensor("\"parameters\" must be an object")
        }
    }

    /// Checks the admin token, then reads the body: nothing (as tritonclient sends the index) or a JSON object.
    private func prepare(_ request: Request) async throws(GatewayError) -> (ModelReloader, [String: JSONValue]) {
        try authorization.check(request)
        guard let reloader else { throw .forbidden("this server cannot change its models: it was built without a models folder") }
        let bytes = try await bodyReader.bytes(of: request)
        guard bytes.readableBytes > 0 else { return (reloader, [:]) }
        try bodyReader.checkContentType(request.headers.combinedValue(.contentType))
        guard case .object(let body) = try JSONBodyReader.value(in: bytes) else { throw .invalidTensor(JSONBodyReader.notAnObject) }
        return (reloader, body)
    }
}

/// `POST /v2/repository/index`'s answer: an array of every artifact of the folder and every model serving.
struct RepositoryIndex: ResponseEncodable {
    static let ready = "READY"
    static let unavailable = "UNAVAILABLE"

    struct Entry: Encodable, Equatable {
        var name: String
        var version: String?
        var state: String
        /// Why it is not READY; empty when it is.
        var reason: String
        /// The artifact's file, when the folder holds it.
        var file: String?
    }

    var entries: [Entry]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }

    /// Each artifact of `scanned`: READY when `serving` serves it (the same name, version and digest), else
    /// UNAVAILABLE saying why; then each model version serving whose artifact has left the folder, READY.
    static func entries(scanned: [ArtifactScan], serving: ModelRegistry, unloaded: Set<String>) -> [Entry] {
        var listed: Set<String> = []
        var entries: [Entry] = scanned.map { scan in
            switch scan.result {
            case .failure(let error):
                let name = scan.file.hasSuffix(".json") ? String(scan.file.dropLast(5)) : scan.file
                return Entry(name: name, state: unavailable, reason: "cannot be loaded: \(error)", file: scan.file)
            case .success(let descriptor):
                let entry = { (state: String, reason: String) in
                    Entry(name: descriptor.name, version: descriptor.version, state: state, reason: reason, file: scan.file)
                }
                if unloaded.contains(descriptor.name) { return entry(unavailable, "unloaded through the repository API") }
                guard let served = serving.model(named: descriptor.name, version: descriptor.version)?.descriptor else {
                    return entry(unavailable, "not loaded: in the folder since the last load or reload")
                }
                listed.insert(descriptor.name + "@" + descriptor.version)
                guard served.digest == descriptor.digest else {
                    return entry(ready, "serving an earlier copy of this file; a load or reload serves this one")
                }
                return entry(ready, "")
            }
        }
        for model in serving.allModels where !listed.contains(model.descriptor.name + "@" + model.descriptor.version) {
            entries.append(
                Entry(
                    name: model.descriptor.name,
                    version: model.descriptor.version,
                    state: ready,
                    reason: "serving; its artifact has left the folder"
                )
            )
        }
        return entries
    }
}
