import HTTPTypes
import Hummingbird
import NIOCore

/// An error as OpenAI's API answers it, which its SDKs read: the status, and
/// `{"error": {"message", "type", "param", "code"}}`. A full queue is 429 with `Retry-After` and `retry-after-ms`,
/// which the SDKs wait for before they retry.
package struct OpenAIError: EmbeddingAPIError, Equatable {
    package var status: HTTPResponse.Status
    package var message: String
    package var type: String
    package var param: String?
    package var code: String?
    var retryAfter: Duration?
    /// Whether the answer closes the connection (a body that took too long).
    var closesConnection = false

    /// A fault of the request's body: 400 `invalid_request_error`, naming the field.
    init(_ fault: EmbeddingRequestFault) {
        self.init(status: .badRequest, message: fault.message, type: "invalid_request_error", param: fault.field)
    }

    init(status: HTTPResponse.Status, message: String, type: String, param: String? = nil, code: String? = nil, retryAfter: Duration? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    /// A gateway's error in OpenAI's terms: every fault of the request 400 (as OpenAI answers a body it cannot use),
    /// the limits and auth with their own statuses, an unknown model 404 `model_not_found`, a full queue 429, the
    /// rest 5xx `server_error`.
    package init(_ error: GatewayError) {
        switch error {
        case .malformedJSON, .invalidUTF8, .invalidField, .invalidHeader, .invalidTensor, .notExplainable:
            self.init(status: .badRequest, message: error.message, type: "invalid_request_error")
        case .unknownModel(let unknown):
            self.init(status: .notFound, message: unknown.description, type: "invalid_request_error", param: "model", code: "model_not_found")
        case .notFound(let message):
            self.init(status: .notFound, message: message, type: "invalid_request_error", param: "model", code: "model_not_found")
        case .unauthorized(let message), .forbidden(let message):
            self.init(status: .unauthorized, message: message, type: "invalid_request_error", code: "invalid_api_key")
        case .overloaded(_, let seconds):
            self.init(status: .tooManyRequests, message: error.message, type: "requests", code: "rate_limit_exceeded", retryAfter: .seconds(seconds))
        case .requestTimeout:
            self.init(status: error.status, message: error.message, type: "invalid_request_error")
            closesConnection = true
        case .bodyTooLarge, .unsupportedMediaType, .methodNotAllowed, .routeNotFound, .reloadFailed, .repositoryRefused, .other:
            self.init(status: error.status, message: error.message, type: error.status.code < 500 ? "invalid_request_error" : "server_error")
        case .modelTimeout, .deadlineExpired:
            self.init(status: error.status, message: error.message, type: "server_error", code: "timeout")
        case .unavailable, .internalError:
            self.init(status: error.status, message: error.message, type: "server_error")
        }
    }

    /// The serving core's error in OpenAI's terms: a fault of the input 400 on `input`, the rest as the gateway maps them.
    init(_ error: ServingError) {
        switch error {
        case .invalidInput(let message): self.init(status: .badRequest, message: message, type: "invalid_request_error", param: "input")
        case .execution(let error): self.init(GatewayError(error))
        }
    }

    /// The answer.
    package func response() -> Response {
        var headers: HTTPFields = [.contentType: .jsonContentType]
        if let retryAfter {
            headers[.retryAfter] = String(max(1, Int(retryAfter.seconds.rounded(.up))))
            headers[.retryAfterMilliseconds] = String(Int((retryAfter.seconds * 1000).rounded(.up)))
        }
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="jokemeter""# }
        if closesConnection { headers[.connection] = "close" }
        var error = JSONObjectWriter()
        error.add("message", message)
        error.add("type", type)
        error.add(optional: "param", param)
        error.add(optional: "code", code)
        var body = JSONObjectWriter()
        body.add(object: "error", error)
        return body.response(status: status, headers: headers)
    }
}

extension HTTPField.Name {
    /// OpenAI's retry hint in milliseconds, which its SDKs read before `Retry-After`.
    static let retryAfterMilliseconds = HTTPField.Name("retry-after-ms")!
}
