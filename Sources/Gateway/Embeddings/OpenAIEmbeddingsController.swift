import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Registry

/// OpenAI's embeddings API over the models that give embeddings, as its SDKs (and LangChain's and LlamaIndex's
/// OpenAI embeddings) call it: `POST /v1/embeddings`, `GET /v1/models`, `GET /v1/models/{id}`. Every error in
/// OpenAI's envelope and statuses (``OpenAIError``); `API_KEY`, when set, guards them.
struct OpenAIEmbeddingsController: Sendable {
    let store: ModelStore
    let bodyReader: JSONBodyReader
    let limits: InputLimits
    let rater: Rater
    let apiKey: APIKey

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("v1/embeddings") { request, _ in
            try await OpenAIError.answer(request, guardedBy: apiKey) { try await embeddings(request, model: &$0) }
        }
        routes.get("v1/models") { request, _ in try await OpenAIError.answer(request, guardedBy: apiKey) { _ in try listing() } }
        routes.get("v1/models/{id}") { request, context in
            try await OpenAIError.answer(request, guardedBy: apiKey) { try model(id: context.parameters.get("id") ?? "", chosen: &$0) }
        }
        routes.allow(only: [.post], on: "v1/embeddings")
        routes.allow(only: [.get], on: "v1/models")
        routes.allow(only: [.get], on: "v1/models/{id}")
        return routes
    }

    /// `{"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model", "usage"}`: the
    /// embeddings as numbers, or as base64 of their float32 bytes (`encoding_format`), written in place.
    private func embeddings(_ request: Request, model chosen: inout (any TextModel)?) async throws -> Response {
        let deadline = try request.deadline()
        let body = try await bodyReader.object(from: request)
        guard case .string(let named)? = body["model"], !named.isEmpty else {
            throw OpenAIError(
                status: .badRequest,
                message: "\"model\" must name a model that gives embeddings",
                type: "invalid_request_error",
                param: "model"
            )
        }
        let reference = ModelReference(parsing: named)
        let model = try store.current.embedder(reference)
        chosen = model
        let base64: Bool
        switch body["encoding_format"] {
        case nil, .null?, .string("float")?: base64 = false
        case .string("base64")?: base64 = true
        default:
            throw OpenAIError(
                status: .badRequest,
                message: "\"encoding_format\" must be \"float\" or \"base64\"",
                type: "invalid_request_error",
                param: "encoding_format"
            )
        }
        try EmbeddingRequestInputs.checkDimensions(body["dimensions"], of: model)
        switch body["user"] {
        case nil, .null?, .string?: break
        default: throw OpenAIError(status: .badRequest, message: "\"user\" must be a string", type: "invalid_request_error", param: "user")
        }
        let inputs = try EmbeddingRequestInputs.read(body["input"], field: "input", prompt: nil, limits: limits)
        let embeddings = try await rater.embed(inputs, with: model, deadline: deadline)
        return embeddings.openAIResponse(model: reference.description, base64: base64)
    }

    /// `{"object": "list", "data": [model…]}`: every loaded model that gives embeddings, by its name (the served
    /// version) and by `name@version` for each loaded version.
    private func listing() throws -> Response {
        let models = store.current
        var entries: [(id: String, model: any TextModel)] = []
        for name in models.embedderNames {
            guard let served = models.model(named: name) else { continue }
            entries.append((name, served))
            for version in models.versions(of: name) {
                if let model = models.model(named: name, version: version), model is any EmbeddingOutputModel {
                    entries.append(("\(name)@\(version)", model))
                }
            }
        }
        var writer = JSONObjectWriter()
        writer.add("data") { buffer in
            buffer.writeInteger(UInt8(ascii: "["))
            for (index, entry) in entries.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                Self.modelObject(id: entry.id, entry.model).write(to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        writer.add("object", "list")
        return writer.response()
    }

    /// `{"id", "object": "model", "created", "owned_by"}` of the model `id` names (`emb`, `emb@1.0.0`).
    private func model(id: String, chosen: inout (any TextModel)?) throws -> Response {
        let model = try store.current.embedder(ModelReference(parsing: id))
        chosen = model
        return Self.modelObject(id: id, model).response()
    }

    /// A model as OpenAI lists one: `created` is when its artifact was written, in Unix seconds (0 when unknown).
    private static func modelObject(id: String, _ model: any TextModel) -> JSONObjectWriter {
        var writer = JSONObjectWriter()
        let created = model.descriptor.createdAt.flatMap { ISO8601DateFormatter().date(from: $0) }.map { Int($0.timeIntervalSince1970) } ?? 0
        writer.add("created", created)
        writer.add("id", id)
        writer.add("object", "model")
        writer.add("owned_by", "jokemeter")
        return writer
    }
}
