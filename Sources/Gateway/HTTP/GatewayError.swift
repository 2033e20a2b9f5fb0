import Foundation
import HTTPTypes
import Hummingbird

/// Every error the gateway answers with: the status the README's table of errors gives it, and a JSON body
/// `{"error": "what is wrong, in words"}` (plus `models` where a model name was unknown).
public enum GatewayError: Error, Equatable, Sendable {
    /// 400: the body is not JSON.
    case malformedJSON(String)
    /// 400: the body is not UTF-8.
    case invalidUTF8
    /// 400: a request header that cannot be read (`X-Request-Timeout`).
    case invalidHeader(String)
    /// 422: valid JSON of the wrong shape.
    case invalidField(String)
    /// 422: the model's kind cannot explain its ratings.
    case notExplainable(model: String, kind: String)
    /// 404: no model by that name, or no such version of it; lists the loaded ones, or its versions.
    case unknownModel(UnknownModel)
    /// 404: no such route.
    case routeNotFound(String)
    /// 404: something the request names is not there (an Open Inference Protocol model version).
    case notFound(String)
    /// 400: an Open Inference Protocol request that cannot be read (a tensor, a repository request's body).
    case invalidTensor(String)
    /// 401: credentials are missing; the answer asks for a bearer token.
    case unauthorized(String)
    /// 403: the credentials are wrong, or the route is disabled.
    case forbidden(String)
    /// 408: the body was still arriving when the request timeout passed; the connection is closed.
    case requestTimeout(seconds: Double)
    /// 409: a reload failed and the previous models keep serving; lists them.
    case reloadFailed(String, serving: [String])
    /// 409: a model repository load or unload that was refused; the models serving stay as they were.
    case repositoryRefused(String)
    /// 405: the route exists for other methods.
    case methodNotAllowed(allowed: [HTTPRequest.Method])
    /// 413: the body is larger than the limit.
    case bodyTooLarge(limit: Int)
    /// 415: the body is declared as something other than JSON.
    case unsupportedMediaType(String)
    /// 503: not ready (starting or draining).
    case unavailable(String)
    /// 503: the model's queue is full; the answer says when to try again (`Retry-After`).
    case overloaded(model: String, retryAfterSeconds: Int)
    /// 504: the model did not rate the request's texts within its timeout.
    case modelTimeout(model: String, after: Duration)
    /// 504: the request's own deadline (`X-Request-Timeout`) passed before the model came to its texts.
    case deadlineExpired(model: String)
    /// Any other status Hummingbird reported, with its message.
    case other(HTTPResponse.Status, String)
    /// 500: a fault of ours, never of the input; the message stays in the log.
    case internalError

    /// The HTTP status.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformedJSON, .invalidUTF8, .invalidTensor, .invalidHeader: .badRequest
        case .invalidField, .notExplainable: .unprocessableContent
        case .unknownModel, .routeNotFound, .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .requestTimeout: .requestTimeout
        case .reloadFailed, .repositoryRefused: .conflict
        case .methodNotAllowed: .methodNotAllowed
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unavailable, .overloaded: .serviceUnavailable
        case .modelTimeout, .deadlineExpired: .gatewayTimeout
        case .other(let status, _): status
        case .internalError: .internalServerError
        }
    }

    /// What is wrong, in words.
    public var message: String {
        switch self {
        case .malformedJSON(let detail): "the body is not valid JSON: \(detail)"
        case .invalidUTF8: "the body is not valid UTF-8"
        case .invalidField(let message): message
        case .notExplainable(let model, let kind):
            "model \(model) is of kind \(kind), which cannot explain its ratings by itself; ask for {\"method\": \"occlusion\"}"
        case .unknownModel(let unknown): unknown.description
        case .routeNotFound(let path): "no route \(path)"
        case .notFound(let message), .invalidTensor(let message), .invalidHeader(let message), .unauthorized(let message), .forbidden(let message),
            .repositoryRefused(let message):
            message
        case .requestTimeout(let seconds): "the body did not arrive within \(Duration.words(seconds: seconds))"
        case .reloadFailed(let reason, _): "reload failed; still serving the previous models: \(reason)"
        case .methodNotAllowed(let allowed): "method not allowed; this route accepts \(allowed.map(\.rawValue).joined(separator: ", "))"
        case .bodyTooLarge(let limit): "the body is larger than the limit of \(limit) bytes"
        case .unsupportedMediaType(let type): "Content-Type \(type) is not supported; send application/json"
        case .unavailable(let reason): reason
        case .overloaded(let model, _): "model \(model) has as many requests waiting as its queue holds; try again shortly"
        case .modelTimeout(let model, let after): "model \(model) did not rate the texts within \(Duration.words(seconds: after.seconds))"
        case .deadlineExpired(let model): ExecutionError.deadlineExpired(model: model).message
        case .other(_, let message): message
        case .internalError: "internal error"
        }
    }
}

extension GatewayError: HTTPResponseError {
    private struct Body: Encodable {
        var error: String
        var models: [String]?
        var versions: [String]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: .jsonContentType]
        var models: [String]?
        var versions: [String]?
        switch self {
        case .methodNotAllowed(let allowed): headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        case .unauthorized: headers[.wwwAuthenticate] = #"Bearer realm="jokemeter""#
        case .requestTimeout: headers[.connection] = "close"
        case .overloaded(_, let seconds): headers[.retryAfter] = String(seconds)
        case .unknownModel(let unknown) where unknown.version != nil: versions = unknown.versions
        case .unknownModel(let unknown): models = unknown.available
        case .reloadFailed(_, let serving): models = serving
        default: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(Body(error: message, models: models, versions: versions))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
