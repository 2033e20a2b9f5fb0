import GRPCCore
import Registry

extension Metadata {
    /// The keys the gRPC front-end reads and sends, as the HTTP routes' headers (lower case, as gRPC sends them).
    enum Key {
        /// The answer's model, as `X-Model`.
        static let model = "x-model"
        /// The answer's model version, as `X-Model-Version`.
        static let modelVersion = "x-model-version"
        /// The caller's request id, echoed, or a new one, as `X-Request-Id`.
        static let requestID = "x-request-id"
        /// The caller's deadline, relative to its sending (gRPC's own header).
        static let timeout = "grpc-timeout"
    }

    /// The metadata naming the model and version that answered.
    static func naming(_ model: any TextModel) -> Metadata {
        [Key.model: .string(model.descriptor.name), Key.modelVersion: .string(model.descriptor.version)]
    }

    /// The first string value of `key`, when there is one.
    func first(_ key: String) -> String? { self[stringValues: key].first(where: { _ in true }) }

    /// The caller's deadline, from `grpc-timeout` (up to 8 digits and a unit: `H`, `M`, `S`, `m`, `u`, `n`), taken
    /// from now; nil without one, or with one that cannot be read.
    var deadline: ContinuousClock.Instant? {
        guard let value = first(Key.timeout), let unit = value.last, value.count >= 2, value.count <= 9,
            let amount = Int64(value.dropLast())
        else { return nil }
        let timeout: Duration
        switch unit {
        case "H": timeout = .seconds(amount * 3600)
        case "M": timeout = .seconds(amount * 60)
        case "S": timeout = .seconds(amount)
        case "m": timeout = .milliseconds(amount)
        case "u": timeout = .microseconds(amount)
        case "n": timeout = .nanoseconds(amount)
        default: return nil
        }
        return .now + timeout
    }
}
