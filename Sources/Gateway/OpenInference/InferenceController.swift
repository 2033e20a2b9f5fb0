import HTTPTypes
import Hummingbird
import NIOCore
import Registry

/// The Open Inference Protocol (KServe V2) REST routes under `/v2`: server and model health, metadata, Triton's
/// model configuration, and `infer` with the texts of a BYTES tensor, rated as `/api/v1/predict` rates them.
struct InferenceController: Sendable {
    let store: ModelStore
    let readiness: Readiness
    let bodyReader: JSONBodyReader
    let limits: InputLimits
    let rater: Rater
    let serverVersion: String

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("v2") { _, _ in ServerMetadata(version: serverVersion) }
        routes.get("v2/health/live") { _, _ in Live() }
        routes.get("v2/health/ready") { _, _ throws(GatewayError) in
            try readiness.requireReady()
            return Ready()
        }
        routes.get("v2/models") { _, _ in
            let models = store.current
            return ModelIndex(models: models.descriptors.map { ModelIndex.Entry(name: $0.name, version: $0.version) })
        }
        for prefix in ["v2/models/{model}", "v2/models/{model}/versions/{version}"] {
            routes.get(RouterPath(prefix)) { _, context throws(GatewayError) in
                let models = store.current
                let model = try model(in: models, context: context)
                return ModelMetadata(model, versions: models.versions(of: model.descriptor.name))
            }
            routes.get(RouterPath(prefix + "/config")) { _, context throws(GatewayError) in
                let models = store.current
                let model = try model(in: models, context: context)
                let served = models.model(named: model.descriptor.name)?.descriptor.version ?? model.descriptor.version
                return TritonModelConfig(model, served: served, execution: rater.executors.executor(for: model)?.settings)
            }
            routes.get(RouterPath(prefix + "/ready")) { _, context throws(GatewayError) in
                let model = try model(in: store.current, context: context)
                try readiness.requireStarted()
                return ModelReady(name: model.descriptor.name)
            }
            routes.post(RouterPath(prefix + "/infer")) { request, context in
                try await infer(request, context: context)
            }
            routes.allow(only: [.get], on: RouterPath(prefix))
            routes.allow(only: [.get], on: RouterPath(prefix + "/ready"))
            routes.allow(only: [.get], on: RouterPath(prefix + "/config"))
            routes.allow(only: [.post], on: RouterPath(prefix + "/infer"))
        }
        for path in ["v2", "v2/health/live", "v2/health/ready", "v2/models"] {
            routes.allow(only: [.get], on: RouterPath(path))
        }
        return routes
    }

    /// The path's model, at the path's version when it names one (else the served version).
    private func model(in models: ModelRegistry, context: AppRequestContext) throws(GatewayError) -> any TextModel {
        do {
            return try models.model(ModelReference(name: context.parameters.get("model") ?? "", version: context.parameters.get("version")))
        } catch {
            throw .unknownModel(error)
        }
    }

    private func infer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let models = store.current
        let model = try model(in: models, context: context)
        do {
            try readiness.requireStarted()
            let deadline = try request.deadline()
            let (header, binary) = try await body(of: request)
            let input = try InferenceRequest(header: header, binary: binary, limits: limits, offered: ModelMetadata.outputNames(of: model))
            let outputs = try await rater.infer(input, with: model, shadow: rater.shadow(of: model, in: models), deadline: deadline)
            let answer = InferenceAnswer(input: input, model: model.descriptor, outputs: outputs)
            var response = try answer.response(context: context)
            response.headers.name(model)
            return response
        } catch {
            let refusal: GatewayError
            switch error {
            case let error as GatewayError: refusal = error
            case let error as ServingError: refusal = GatewayError(inference: error)
            default: throw error
            }
            var response = try refusal.response(from: request, context: context)
            response.headers.name(model)
            return response
        }
    }

    /// The JSON part of the body and, under the binary tensor extension, the bytes after it.
    private func body(of request: Request) async throws(GatewayError) -> ([String: JSONValue], ByteBuffer?) {
        guard let declared = request.headers.combinedValue(.inferenceHeaderContentLength) else {
            try bodyReader.checkContentType(request.headers.combinedValue(.contentType))
            return (try Self.header(in: try await bodyReader.bytes(of: request)), nil)
        }
        var buffer = try await bodyReader.bytes(of: request)
        guard let length = Int(declared), length >= 0, let json = buffer.readSlice(length: length) else {
            throw .invalidTensor("Inference-Header-Content-Length \(declared) is not a length within the body's \(buffer.readableBytes) bytes")
        }
        return (try Self.header(in: json), buffer)
    }

    /// The request's JSON object. Valid JSON that is not an object is a fault of the request like any other
    /// under the protocol: 400, as the specification's `inference_error_response` says (422 elsewhere).
    private static func header(in buffer: ByteBuffer) throws(GatewayError) -> [String: JSONValue] {
        guard case .object(let object) = try JSONBodyReader.value(in: buffer) else { throw .invalidTensor(JSONBodyReader.notAnObject) }
        return object
    }
}

extension HTTPField.Name {
    /// The binary tensor extension's header: how many bytes of the body are JSON.
    package static let inferenceHeaderContentLength = HTTPField.Name("Inference-Header-Content-Length")!
}
