import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Observes every request once, outside every other middleware: gives it a request id (the client's
/// `X-Request-Id` when usable, a new one otherwise, echoed in the answer and set on the request's logger),
/// counts it in flight, and when it is answered records its metrics and writes its one log line
/// (method, route template, model, status, duration, request id).
struct RequestObserverMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: GatewayMetrics
    /// The level of the per-request line.
    let logLevel: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = RequestIdentifier.accepting(request.headers.combinedValue(.requestID))
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(requestID)
        metrics.requestStarted()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Only when even the error middleware failed: Hummingbird answers 500.
            finish(request, context, status: 500, model: GatewayMetrics.noModel, started: started)
            throw error
        }
        response.headers[.requestID] = requestID
        let model = response.headers.combinedValue(.modelName) ?? GatewayMetrics.noModel
        finish(request, context, status: response.status.code, model: model, started: started)
        return response
    }

    private func finish(_ request: Request, _ context: Context, status: Int, model: String, started: ContinuousClock.Instant) {
        let duration = started.duration(to: .now)
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? GatewayMetrics.unmatchedRoute
        metrics.requestEnded(route: route, model: model, status: status, duration: duration)
        context.logger.log(
            level: logLevel,
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)", "model": "\(model)", "status": .stringConvertible(status),
                "duration_ms": .stringConvertible(Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000),
            ]
        )
    }
}

/// Request ids: the client's own when it is 1 to 128 visible ASCII characters, else a new one: this
/// process's random 64-bit prefix and a counter, in 32 lower-case hex digits (unique without a system call
/// per request, and written straight into the string's storage).
package enum RequestIdentifier {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    package static func accepting(_ proposed: String?) -> String {
        if let proposed, (1...128).contains(proposed.utf8.count), proposed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return proposed
        }
        return make(prefix: prefix, count: counter.add(1, ordering: .relaxed).newValue)
    }

    /// `prefix` and `count` as 16 hex digits each.
    package static func make(prefix: UInt64, count: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { digits in
            for index in 0..<32 {
                let nibble = UInt8(truncatingIfNeeded: (index < 16 ? prefix : count) >> (60 - 4 * (index % 16))) & 0xF
                digits[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
            }
            return 32
        }
    }
}

extension HTTPField.Name {
    /// The request id header, taken from the client or made, and echoed in every answer.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
