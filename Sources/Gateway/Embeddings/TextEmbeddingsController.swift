import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Registry

/// text-embeddings-inference's routes, as its clients call them (LangChain's `HuggingFaceEndpointEmbeddings`,
/// LlamaIndex's `TextEmbeddingsInference`, `huggingface_hub.InferenceClient`): `POST /embed` (and `POST /`, where a
/// client pointed at a bare URL posts), `POST /tokenize`, `GET /info`. TEI serves one model; here a request may name
/// one (the selection header, or `?model=`), and otherwise gets the default model when it gives embeddings, else the
/// first that does. Every error in TEI's body and statuses (``TextEmbeddingsError``); `API_KEY`, when set, guards them.
struct TextEmbeddingsController: Sendable {
    let store: ModelStore
    let modelHeader: HTTPField.Name
    let bodyReader: JSONBodyReader
    let limits: InputLimits
    let rater: Rater
    let apiKey: APIKey

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        for path in ["embed", ""] {
            routes.post(RouterPath(path)) { request, _ in
                try await TextEmbeddingsError.answer(request, guardedBy: apiKey) { try await embed(request, model: &$0) }
            }
        }
        routes.post("tokenize") { request, _ in
            try await TextEmbeddingsError.answer(request, guardedBy: apiKey) { try await tokenize(request, model: &$0) }
        }
        routes.get("info") { request, _ in try await TextEmbeddingsError.answer(request, guardedBy: apiKey) { try info(request, model: &$0) } }
        routes.allow(only: [.post], on: "embed")
        routes.allow(only: [.post], on: "tokenize")
        routes.allow(only: [.get], on: "info")
        return routes
    }

    /// The model a request names (selection header, `?model=`), or the default embedding model.
    private func model(for request: Request) throws(GatewayError) -> any EmbeddingOutputModel {
        let models = store.current
        if let named = request.headers[modelHeader] ?? request.uri.queryParameters.get("model") {
            return try models.embedder(ModelReference(parsing: named))
        }
        guard let model = models.defaultEmbedder else { throw .notFound("no loaded model gives embeddings") }
        return model
    }

    /// `[[v, …], …]`: one embedding per input, in order, as numbers.
    private func embed(_ request: Request, model chosen: inout (any TextModel)?) async throws -> Response {
        let deadline = try request.deadline()
        let model = try model(for: request)
        chosen = model
        let body = try await bodyReader.object(from: request)
        let prompt = try Self.prompt(body["prompt_name"])
        switch body["normalize"] {
        case nil, .null?, .bool(true)?: break
        case .bool(false)?:
            throw EmbeddingRequestFault(
                message: "\"normalize\": false is not supported: model \(model.descriptor.name) gives unit-length embeddings only",
                field: "normalize"
            )
        default: throw EmbeddingRequestFault(message: "\"normalize\" must be true or false", field: "normalize")
        }
        try EmbeddingRequestInputs.checkDimensions(body["dimensions"], of: model)
        let truncation = try Self.truncation(body)
        let inputs = try EmbeddingRequestInputs.read(body["inputs"], field: "inputs", prompt: prompt, limits: limits)
        let embeddings = try await rater.embed(inputs, with: model, truncation: truncation, deadline: deadline)
        var buffer = ByteBufferAllocator().buffer(capacity: 2 + embeddings.tokenCounts.count * (2 + embeddings.dimension * 13))
        buffer.writeInteger(UInt8(ascii: "["))
        for row in embeddings.tokenCounts.indices {
            if row > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            EmbeddingValuesWriter.writeNumbers(embeddings.values[row * embeddings.dimension..<(row + 1) * embeddings.dimension], to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        var headers: HTTPFields = [.contentType: .jsonContentType]
        headers[.computeTokens] = String(embeddings.totalTokens)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// `[[{"id", "text", "special", "start", "stop"}, …], …]`: each text's tokens, the prompt's among them, with the
    /// bytes of prompt and text each reads (`start`, `stop`; null for `<s>` and `</s>`, which
    /// `"add_special_tokens": false` leaves out).
    private func tokenize(_ request: Request, model chosen: inout (any TextModel)?) async throws -> Response {
        let model = try model(for: request)
        chosen = model
        let body = try await bodyReader.object(from: request)
        let prompt = try Self.prompt(body["prompt_name"])
        let specials: Bool
        switch body["add_special_tokens"] {
        case nil, .null?: specials = true
        case .bool(let value)?: specials = value
        default: throw EmbeddingRequestFault(message: "\"add_special_tokens\" must be true or false", field: "add_special_tokens")
        }
        let inputs = try EmbeddingRequestInputs.read(body["inputs"], field: "inputs", prompt: prompt, limits: limits)
        if let prompt { try Rater.check(prompt: prompt, of: model) }
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, input) in inputs.enumerated() {
            guard case .text(let text, let prompt) = input else {
                throw EmbeddingRequestFault(message: "\"inputs\" must be a string or a list of strings", field: "inputs")
            }
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeInteger(UInt8(ascii: "["))
            for (position, token) in model.tokens(of: text, prompt: prompt, specials: specials).enumerated() {
                if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                var object = JSONObjectWriter()
                object.add("id", Int(token.id))
                object.add("special", token.special)
                if let bytes = token.bytes {
                    object.add("start", bytes.lowerBound)
                    object.add("stop", bytes.upperBound)
                } else {
                    object.add(optional: "start", nil)
                    object.add(optional: "stop", nil)
                }
                object.add("text", token.text)
                object.write(to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        let headers: HTTPFields = [.contentType: .jsonContentType]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// TEI's `Info`: the model, its dimensions and limits (the executor's batches), and this server's version.
    private func info(_ request: Request, model chosen: inout (any TextModel)?) throws -> Response {
        let model = try model(for: request)
        chosen = model
        let execution: DedicatedExecution? =
            if case .dedicated(let settings) = rater.executors.execution(of: model) { settings } else { nil }
        var writer = JSONObjectWriter()
        writer.add("auto_truncate", false)
        writer.add(optional: "docker_label", nil)
        writer.add("max_batch_requests", execution?.maxBatchSize ?? limits.maxBatchSize)
        writer.add("max_batch_tokens", min(execution?.maxBatchTokens ?? Int(Int32.max), Int(Int32.max)))
        writer.add("max_client_batch_size", limits.maxBatchSize)
        writer.add("max_concurrent_requests", execution.map { $0.queueLimit + $0.threads } ?? limits.maxBatchSize)
        writer.add("max_input_length", model.maxTokensPerText)
        writer.add("model_dimension", model.embeddingDimension)
        writer.add("model_dtype", "float32")
        writer.add("model_id", model.descriptor.name)
        writer.add("model_sha", model.descriptor.digest)
        writer.add("model_type") { buffer in buffer.writeStaticString(#"{"embedding":{"pooling":"mean"}}"#) }
        writer.add("model_version", model.descriptor.version)
        writer.add("prompts") { buffer in
            var prompts = JSONObjectWriter()
            for name in model.prompts.keys.sorted() { prompts.add(dynamicKey: name, model.prompts[name] ?? "") }
            prompts.write(to: &buffer)
        }
        writer.add(optional: "default_prompt_name", model.defaultPrompt)
        writer.add("served_model_name", model.descriptor.name)
        writer.add(optional: "sha", nil)
        writer.add("tokenization_workers", ProcessInfo.processInfo.activeProcessorCount)
        writer.add("version", JokemeterVersion.current)
        return writer.response()
    }

    /// The prompt a body names (`prompt_name`), or nil for the model's default; the model checks the name.
    private static func prompt(_ value: JSONValue?) throws(EmbeddingRequestFault) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let name)?: return name
        default: throw EmbeddingRequestFault(message: "\"prompt_name\" must be a string", field: "prompt_name")
        }
    }

    /// What `truncate` and `truncation_direction` ask: nil refuses a text longer than the model reads (TEI's
    /// `truncate: false`, the default here); otherwise the end cut (`Right` keeps the first tokens, as TEI's default).
    private static func truncation(_ body: [String: JSONValue]) throws(EmbeddingRequestFault) -> Truncation? {
        let direction: Truncation
        switch body["truncation_direction"] {
        case nil, .null?: direction = .right
        case .string(let value)? where value.lowercased() == "right": direction = .right
        case .string(let value)? where value.lowercased() == "left": direction = .left
        default: throw EmbeddingRequestFault(message: "\"truncation_direction\" must be \"Right\" or \"Left\"", field: "truncation_direction")
        }
        switch body["truncate"] {
        case nil, .null?, .bool(false)?: return nil
        case .bool(true)?: return direction
        default: throw EmbeddingRequestFault(message: "\"truncate\" must be true or false", field: "truncate")
        }
    }
}

extension HTTPField.Name {
    /// TEI's count of the tokens an embedding request was read as.
    static let computeTokens = HTTPField.Name("x-compute-tokens")!
}
