import Logging

/// Every setting of `jokemeter serve`, with its default. ``GatewaySettings/all`` declares each one's flag,
/// environment variable and check, and fills this value from them.
public struct GatewayConfiguration: Sendable, Equatable {
    /// Address to bind.
    public var host: String = "0.0.0.0"
    /// TCP port; 0 picks a free one.
    public var port: Int = 8080
    /// TCP port of the gRPC server (the Open Inference Protocol and health); 0 turns it off.
    public var grpcPort: Int = 8001
    /// Largest gRPC message accepted, in bytes; at least the largest valid inference request at the text and
    /// batch limits.
    public var grpcMaxMessageBytes: Int = 4 * 1024 * 1024
    /// Most streams (RPCs in flight) on one gRPC connection.
    public var grpcMaxConcurrentStreams: Int = 100
    /// Folder of model artifacts.
    public var modelsDirectory: String = "models"
    /// A single artifact to serve as the default instead of a folder (the original's `ML_MODEL_PATH`).
    public var singleArtifact: String?
    /// The model a request gets when it names none.
    public var defaultModel: String = "lr"
    /// The version each model named serves when a request names no version; a model not named serves its
    /// newest version.
    public var pins: [String: String] = [:]
    /// The request header that names a model.
    public var modelHeader: String = "X-Model"
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int = 64 * 1024
    /// Longest `text` accepted, in Unicode code points.
    public var maxTextCharacters: Int = 10_000
    /// How long readiness reports 503 while requests are still served, after SIGTERM.
    public var drainSeconds: Double = 5
    /// Ratings above this count as funny (the original's `HAHA_TRESH`).
    public var hahaThreshold: Double = 4.0
    /// Distinct joker names `joker_counter_total` keeps before counting the rest as `other`.
    public var jokerLabelLimit: Int = 50
    /// Most texts in one batch or Open Inference Protocol request.
    public var maxBatchSize: Int = 64
    /// How long a request body may take to arrive before the answer is 408 and the connection closes.
    public var requestTimeoutSeconds: Double = 10
    /// How long a connection may send nothing before it is closed, between requests or inside one; by default
    /// above the 60 s that nginx keeps idle upstream connections, so that the proxy, not the server, closes them.
    public var idleTimeoutSeconds: Double = 75
    /// Where requests that name no model go (`lr:90,tr:10`, or versions of one name, `lr@1.0.0:90,lr@1.1.0:10`);
    /// nil sends them to the default model.
    public var routing: RoutingPolicy?
    /// Settings of the models that rate on threads of their own, over their kinds' defaults.
    public var execution = ExecutionOverrides()
    /// A model that rates every prediction's texts beside the serving one, without touching the answer (`tr`, or
    /// a version, `lr@1.1.0`).
    public var shadowModel: String?
    /// Where `/docs` loads Swagger UI's script and style from (by default the public CDN that FastAPI uses): an
    /// `http(s)` URL, or a path on this server.
    public var docsAssetsURL: String = DocsAssetsLocation.defaultURL
    /// A folder of Swagger UI's dist files, served under `/docs/assets` and loaded by `/docs` instead of
    /// `docsAssetsURL`.
    public var docsAssetsDirectory: String?
    /// The bearer token of `POST /admin/reload` and the model repository API; nil disables the admin routes.
    public var adminToken: String?
    /// Bearer token of the embedding APIs (OpenAI's and text-embeddings-inference's routes); nil leaves them open.
    public var apiKey: String?
    /// Log level.
    public var logLevel: Logger.Level = .info
    /// Log line layout.
    public var logFormat: LogFormat = .text
    /// The level of the one line written per request; below `logLevel` it is not written.
    public var requestLogLevel: Logger.Level = .info

    /// The defaults.
    public init() {}
}

extension GatewayConfiguration {
    /// The service's logger, at the configured level, writing through ``ServiceLogHandler``.
    public func makeLogger() -> Logger {
        var logger = Logger(label: "jokemeter", factory: { [logFormat] in ServiceLogHandler(label: $0, format: logFormat) })
        logger.logLevel = logLevel
        return logger
    }
}
