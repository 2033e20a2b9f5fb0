import HTTPTypes
import Hummingbird
import Logging
import Registry

/// The application's version, reported by `GET /api/v1/version` and `jokemeter --version`.
public enum JokemeterVersion {
    /// The version string.
    public static let current = "0.1.0"
}

/// Builds the HTTP application over `models`: used by `jokemeter serve` and by the tests alike.
///
/// Models are loaded before this is called (a broken artifact never gets a port); before the server
/// starts, every model answers one warm-up prediction and `readiness` turns `ready`.
///
/// `metrics` is the application's own unless given (`jokemeter serve` passes the one it bootstrapped
/// swift-metrics with).
public func buildApplication<Models: ModelLookup>(
    configuration: GatewayConfiguration, models: Models, readiness: Readiness = Readiness(), metrics: GatewayMetrics? = nil,
    logger: Logger? = nil
) -> some ApplicationProtocol {
    let logger = logger ?? configuration.makeLogger()
    let metrics = metrics ?? GatewayMetrics(configuration: configuration)
    metrics.publish(models: models.names.compactMap { models.model(named: $0)?.descriptor })
    var app = Application(
        router: buildRouter(configuration: configuration, models: models, readiness: readiness, metrics: metrics),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "jokemeter"),
        onServerRunning: { channel in
            let address = channel.localAddress
            logger.info("listening on \(address?.ipAddress ?? configuration.host):\(address?.port ?? configuration.port)")
        },
        logger: logger
    )
    app.beforeServerStarts {
        for name in models.names {
            _ = models.model(named: name)?.predict("warm-up: Штирлиц шёл по лесу")
        }
        readiness.advance(to: .ready)
        logger.info("models warm: \(models.names.joined(separator: ", ")); default \(models.defaultModelName)")
    }
    return app
}

/// The routes of DESIGN.md's HTTP contract under `/api/v1` and `/metrics`, every error as `{"error": …}`,
/// every request observed once (metrics, log line, request id).
func buildRouter<Models: ModelLookup>(
    configuration: GatewayConfiguration, models: Models, readiness: Readiness, metrics: GatewayMetrics
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        RequestObserverMiddleware(metrics: metrics, logLevel: configuration.requestLogLevel)
        JSONErrorMiddleware()
    }
    let selector = ModelSelector(models: models)
    let header = HTTPField.Name(configuration.modelHeader) ?? .modelName
    router.addRoutes(
        PredictController(
            selector: selector, modelHeader: header, bodyReader: JSONBodyReader(maxBytes: configuration.maxBodyBytes),
            maxTextCharacters: configuration.maxTextCharacters, metrics: metrics
        ).endpoints,
        atPath: "/api/v1")
    router.addRoutes(VersionController(selector: selector, modelHeader: header, version: JokemeterVersion.current).endpoints, atPath: "/api/v1")
    router.addRoutes(ModelsController(models: models).endpoints, atPath: "/api/v1")
    router.addRoutes(ProbeController(readiness: readiness).endpoints, atPath: "/api/v1")
    router.addRoutes(MetricsController(metrics: metrics, readiness: readiness).endpoints)
    return router
}
