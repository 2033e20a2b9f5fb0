/// Why the serving core gave a request no ratings, in no protocol's terms: each front-end maps it to its own
/// statuses once (`GatewayError.init(_:)` for `/api/v1`, the `/v2` routes' own mapping, gRPC's status codes).
package enum ServingError: Error, Equatable, Sendable {
    /// The request's texts cannot be rated as they are (a text longer than the model reads): a fault of the request.
    case invalidInput(String)
    /// The model's executor, or the model itself, gave no ratings.
    case execution(ExecutionError)
}
