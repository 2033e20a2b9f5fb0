import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// The caller's deadline on the HTTP routes, in seconds from the request's arrival (`0.25`): what gRPC's
    /// `grpc-timeout` is to its calls. Work still queued when it passes is never run, and the answer is 504.
    package static let requestTimeout = HTTPField.Name("X-Request-Timeout")!
}

extension Request {
    /// The caller's deadline from `X-Request-Timeout`, counted from now, or nil without one; a value that is not a
    /// positive number of seconds is a fault of the request.
    func deadline() throws(GatewayError) -> ContinuousClock.Instant? {
        guard let value = headers[.requestTimeout] else { return nil }
        guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
            throw .invalidHeader("X-Request-Timeout must be a number of seconds above 0 and at most 86400, not \"\(value)\"")
        }
        return .now + .nanoseconds(Int64(seconds * 1e9))
    }
}
