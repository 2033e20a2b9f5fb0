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
            try readiness.requireStarted()
            return Status(status: "started")
        }
        routes.get("ready") { _, _ throws(GatewayError) in
            try readiness.requireReady()
            return Status(status: "ready")
        }
        routes.get("health") { _, _ in Status(status: "ok") }
        for probe in ["startup", "ready", "health"] {
            routes.allow(only: [.get], on: RouterPath(probe))
        }
        return routes
    }
}
