import HTTPTypes
import Hummingbird

extension RouterMethods {
    /// Answers 405, with an `Allow` header, to every standard method but `allowed` on `path` (RFC 9110's,
    /// PATCH, and QUERY, which schema fuzzers try); without it a route would answer a wrong method with 404,
    /// as if it did not exist.
    @discardableResult
    func allow(only allowed: [HTTPRequest.Method], on path: RouterPath) -> Self {
        for method in HTTPRequest.Method.standard where !allowed.contains(method) {
            on(path, method: method) { _, _ -> Response in throw GatewayError.methodNotAllowed(allowed: allowed) }
        }
        return self
    }
}

extension HTTPRequest.Method {
    /// The methods a route answers 405 to when it does not serve them (CONNECT aside: it names no path).
    static let standard: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]
}
