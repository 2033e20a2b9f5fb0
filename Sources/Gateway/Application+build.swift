import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
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
/// `reloadModels` builds a new set for a reload (SIGHUP, and `POST /admin/reload` when the configuration
/// has an admin token); without it the models never change. `folder`, where the artifacts are, serves the model
/// repository API (`/v2/repository`, with the admin token). `metrics` is the application's own unless
/// given (`jokemeter serve` passes the one it bootstrapped swift-metrics with).
public func buildApplication(
    configuration: GatewayConfiguration,
    models: ModelRegistry,
    readiness: Readiness = Readiness(),
    metrics: GatewayMetrics? = nil,
    logger: Logger? = nil,
    folder: ModelFolder? = nil,
    reloadModels: (@Sendable () throws -> ModelRegistry)? = nil
) -> some ApplicationProtocol {
    let logger = logger ?? configuration.makeLogger()
    let metrics = metrics ?? GatewayMetrics(configuration: configuration)
    let store = ModelStore(models, metrics: metrics, execution: configuration.execution)
    let reloader = reloadModels.map {
        ModelReloader(store: store, configuration: configuration, metrics: metrics, logger: logger, folder: folder, load: $0)
    }
    metrics.publish(models: models.descriptors)
    let budget = ConnectionBudget.current(grpc: configuration.grpcPort != 0)
    // One rater for every front-end: one shadow queue, one set of executors.
    let rater = Rater(metrics: metrics, executors: store.executors, shadowModel: configuration.shadowModel)
    var app = Application(
        router: buildRouter(configuration: configuration, store: store, reloader: reloader, readiness: readiness, metrics: metrics, rater: rater),
        server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: TimeAmount.nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9)))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "jokemeter",
            availableConnectionsDelegate: .maximum(budget.http, logger: logger)
        ),
        onServerRunning: { channel in
            let address = channel.localAddress
            logger.info("listening on \(address?.ipAddress ?? configuration.host):\(address?.port ?? configuration.port)")
        },
        logger: logger
    )
    // The closure lives as long as the application: it reads the store, never `models`, which a reload replaces.
    app.beforeServerStarts {
        let models = store.current
        try warmUp(models)
        readiness.advance(to: .ready)
        logger.info("models warm: \(models.names.joined(separator: ", ")); default \(models.defaultModelName)")
    }
    if let reloader { app.addServices(ReloadSignalService(reloader: reloader)) }
    if configuration.grpcPort != 0 {
        app.addServices(
            buildGRPCFrontEnd(
                configuration: configuration,
                store: store,
                reloader: reloader,
                readiness: readiness,
                rater: rater,
                maxConnections: budget.grpc,
                logger: logger
            )
        )
    }
    return app
}

/// The gRPC server over the same serving core as the HTTP routes: the Open Inference Protocol's service and gRPC
/// health on `GRPC_PORT`, each RPC observed as an HTTP request is.
func buildGRPCFrontEnd(
    configuration: GatewayConfiguration,
    store: ModelStore,
    reloader: ModelReloader?,
    readiness: Readiness,
    rater: Rater,
    maxConnections: Int,
    logger: Logger
) -> GRPCFrontEnd {
    let inference = InferenceService(
        store: store,
        readiness: readiness,
        limits: InputLimits(maxTextCharacters: configuration.maxTextCharacters, maxBatchSize: configuration.maxBatchSize),
        rater: rater,
        reloader: reloader,
        adminToken: AdminToken(token: configuration.adminToken),
        serverVersion: JokemeterVersion.current
    )
    return GRPCFrontEnd(
        configuration: configuration,
        services: [inference, HealthService(readiness: readiness)],
        observer: RequestObserverInterceptor(metrics: rater.metrics, logger: logger, logLevel: configuration.requestLogLevel),
        maxConnections: maxConnections,
        logger: logger
    )
}

/// The routes of the README's route table (and of `openapi.json`): `/api/v1`, `/v2` (Open Inference Protocol), the
/// embedding APIs (OpenAI's `/v1`, text-embeddings-inference's), `/admin`, `/metrics` and `/openapi.json`; every error as `{"error": …}`, every request observed once (metrics,
/// log line, request id).
package func buildRouter(
    configuration: GatewayConfiguration,
    store: ModelStore,
    reloader: ModelReloader? = nil,
    readiness: Readiness,
    metrics: GatewayMetrics,
    rater: Rater? = nil
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestObserverMiddleware(metrics: metrics, logLevel: configuration.requestLogLevel))
    let selector = ModelSelector(policy: configuration.routing)
    let header = HTTPField.Name(configuration.modelHeader) ?? .modelName
    let bodyReader = JSONBodyReader(maxBytes: configuration.maxBodyBytes, timeout: .nanoseconds(Int64(configuration.requestTimeoutSeconds * 1e9)))
    let limits = InputLimits(maxTextCharacters: configuration.maxTextCharacters, maxBatchSize: configuration.maxBatchSize)
    let rater = rater ?? Rater(metrics: metrics, executors: store.executors, shadowModel: configuration.shadowModel)
    router.addRoutes(
        PredictController(store: store, selector: selector, modelHeader: header, bodyReader: bodyReader, limits: limits, rater: rater).endpoints,
        atPath: "/api/v1"
    )
    router.addRoutes(
        VersionController(store: store, selector: selector, modelHeader: header, version: JokemeterVersion.current).endpoints,
        atPath: "/api/v1"
    )
    router.addRoutes(ModelsController(store: store).endpoints, atPath: "/api/v1")
    router.addRoutes(ProbeController(readiness: readiness).endpoints, atPath: "/api/v1")
    router.addRoutes(
        InferenceController(
            store: store,
            readiness: readiness,
            bodyReader: bodyReader,
            limits: limits,
            rater: rater,
            serverVersion: JokemeterVersion.current
        ).endpoints
    )
    let authorization = AdminAuthorization(token: configuration.adminToken)
    router.addRoutes(AdminController(authorization: authorization, reloader: reloader).endpoints, atPath: "/admin")
    router.addRoutes(RepositoryController(authorization: authorization, reloader: reloader, bodyReader: bodyReader).endpoints)
    router.addRoutes(MetricsController(metrics: metrics, readiness: readiness).endpoints)
    router.addRoutes(OpenAPIController(limits: limits).endpoints)
    let apiKey = APIKey(key: configuration.apiKey)
    router.addRoutes(
        OpenAIEmbeddingsController(store: store, bodyReader: bodyReader, limits: limits, rater: rater, apiKey: apiKey).endpoints
    )
    router.addRoutes(
        TextEmbeddingsController(store: store, modelHeader: header, bodyReader: bodyReader, limits: limits, rater: rater, apiKey: apiKey).endpoints
    )
    router.addRoutes(PlaygroundController(otherMethodsAtRoot: [.post]).endpoints)
    router.addRoutes(DocsController(configuration: configuration).endpoints)
    return router
}
