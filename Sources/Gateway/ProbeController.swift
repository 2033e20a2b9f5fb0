import Hummingbird

/// The Kubernetes probes: `startup` and `ready` follow ``Readiness``; `health` only says the process answers.
struct ProbeController: Sendable {
    let readiness: Readiness

    /// A probe's answer when it passes.
    struct Status: ResponseEncodable {
        var status: String
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("startup") { _, _ throws(GatewayError) in
            guard readiness.current != .starting else { throw .unavailable("starting: models are loading and warming up") }
            return Status(status: "started")
        }
        routes.get("ready") { _, _ throws(GatewayError) in
            switch readiness.current {
            case .starting: throw .unavailable("starting: models are loading and warming up")
            case .draining: throw .unavailable("draining: the service is shutting down")
            case .ready: return Status(status: "ready")
            }
        }
        routes.get("health") { _, _ in Status(status: "ok") }
        for probe in ["startup", "ready", "health"] {
            routes.allow(only: [.get], on: RouterPath(probe))
        }
        return routes
    }
}
