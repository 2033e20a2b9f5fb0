import Hummingbird

/// `GET /metrics`: every metric in Prometheus' text format (version 0.0.4), the readiness state read at
/// the moment of the scrape.
struct MetricsController: Sendable {
    let metrics: GatewayMetrics
    let readiness: Readiness

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("metrics") { _, _ in
            metrics.publish(readiness: readiness.current)
            var bytes: [UInt8] = []
            metrics.registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        routes.allow(only: [.get], on: "metrics")
        return routes
    }
}
