import HTTPTypes
import Hummingbird

/// An error as text-embeddings-inference answers it, which its clients read: the status and
/// `{"error": "…", "error_type": "Validation"}` (`Empty` 400, `Validation` 422, `Overloaded` 429, `Unhealthy` 503,
/// `Backend` 424). A full queue says when to try again (`Retry-After`), which TEI does not.
package struct TextEmbeddingsError: EmbeddingAPIError, Equatable {
    package var status: HTTPResponse.Status
    package var message: String
    package var type: String
    var retryAfterSeconds: Int?
    var closesConnection = false

    init(status: HTTPResponse.Status, message: String, type: String) {
        self.status = status
        self.message = message
        self.type = type
    }

    /// A fault of the body: 400 `Empty` when there is nothing to embed, 422 `Validation` otherwise.
    init(_ fault: EmbeddingRequestFault) {
        self.init(
            status: fault.isEmpty ? .badRequest : .unprocessableContent,
            message: "Input validation error: \(fault.message)",
            type: fault.isEmpty ? "Empty" : "Validation"
        )
    }

    /// A gateway's error in TEI's terms: the request's faults `Validation` with the gateway's statuses, a full queue
    /// 429 `Overloaded`, not ready 503 `Unhealthy`, the model's timeouts and faults `Backend`.
    package init(_ error: GatewayError) {
        switch error {
        case .invalidField(let message): self.init(status: .unprocessableContent, message: "Input validation error: \(message)", type: "Validation")
        case .overloaded:
            self.init(status: .tooManyRequests, message: "Model is overloaded: \(error.message)", type: "Overloaded")
            if case .overloaded(_, let seconds) = error { retryAfterSeconds = seconds }
        case .unavailable: self.init(status: .serviceUnavailable, message: error.message, type: "Unhealthy")
        case .modelTimeout, .deadlineExpired: self.init(status: error.status, message: "Backend error: \(error.message)", type: "Backend")
        case .internalError: self.init(status: HTTPResponse.Status(code: 424), message: "Backend error: \(error.message)", type: "Backend")
        default:
            self.init(status: error.status, message: error.message, type: "Validation")
            if case .requestTimeout = error { closesConnection = true }
        }
    }

    /// The serving core's error in TEI's terms: a fault of the input 422 `Validation`.
    init(_ error: ServingError) {
        switch error {
        case .invalidInput(let message): self.init(status: .unprocessableContent, message: "Input validation error: \(message)", type: "Validation")
        case .execution(let error): self.init(GatewayError(error))
        }
    }

    /// The answer.
    package func response() -> Response {
        var headers: HTTPFields = [.contentType: .jsonContentType]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="jokemeter""# }
        if closesConnection { headers[.connection] = "close" }
        var body = JSONObjectWriter()
        body.add("error", message)
        body.add("error_type", type)
        return body.response(status: status, headers: headers)
    }
}
