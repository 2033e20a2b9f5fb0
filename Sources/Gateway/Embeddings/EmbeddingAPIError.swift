import Hummingbird
import Registry

/// An embedding API's own error shape (OpenAI's envelope, TEI's body): each maps the faults of a request, the
/// serving core's errors and the gateway's once, and answers in its shape.
protocol EmbeddingAPIError: Error {
    init(_ fault: EmbeddingRequestFault)
    init(_ error: ServingError)
    init(_ error: GatewayError)
    /// The answer: the status, the headers and the body of the API's shape.
    func response() -> Response
}

extension EmbeddingAPIError {
    /// Any error a route meets, in this API's terms; nil for one it does not know (the middleware answers it).
    init?(any error: any Error) {
        switch error {
        case let error as Self: self = error
        case let error as EmbeddingRequestFault: self.init(error)
        case let error as ServingError: self.init(error)
        case let error as GatewayError: self.init(error)
        default: return nil
        }
    }

    /// The answer of `work` (which names the model it chooses), or its error in this API's shape, after `apiKey`'s
    /// check: once chosen, the model names itself on a refusal too (`X-Model`), so that metrics and clients see which
    /// model refused. An error of no known kind goes to the middleware, which logs it and answers 500.
    static func answer(
        _ request: Request,
        guardedBy apiKey: APIKey,
        _ work: (inout (any TextModel)?) async throws -> Response
    ) async throws -> Response {
        var model: (any TextModel)?
        var response: Response
        do {
            if let refusal = apiKey.refusal(of: request) { throw GatewayError.unauthorized(refusal) }
            response = try await work(&model)
        } catch {
            guard let refusal = Self(any: error) else { throw error }
            response = refusal.response()
        }
        if let model { response.headers.name(model) }
        return response
    }
}
