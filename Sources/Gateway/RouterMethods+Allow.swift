import HTTPTypes
import Hummingbird

extension RouterMethods {
    /// Answers 405, with an `Allow` header, to every common method but `allowed` on `path`; without it a
    /// route would answer a wrong method with 404, as if it did not exist.
    @discardableResult
    func allow(only allowed: [HTTPRequest.Method], on path: RouterPath) -> Self {
        let others: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]
        for method in others where !allowed.contains(method) {
            on(path, method: method) { _, _ -> Response in throw GatewayError.methodNotAllowed(allowed: allowed) }
        }
        return self
    }
}
