import Logging

/// Every setting of `jokemeter serve`, with its default; the executable fills it from flags and their
/// environment twins (`--port` / `PORT`).
public struct GatewayConfiguration: Sendable, Equatable {
    /// Address to bind (`--host` / `HOST`, default `0.0.0.0`).
    public var host: String = "0.0.0.0"
    /// TCP port (`--port` / `PORT`, default 8080; 0 picks a free one).
    public var port: Int = 8080
    /// Folder of model artifacts (`--models` / `MODELS_DIR`, default `models`).
    public var modelsDirectory: String = "models"
    /// A single artifact to serve as the default instead of a folder (the original's `ML_MODEL_PATH`).
    public var singleArtifact: String?
    /// The model a request gets when it names none (`--default-model` / `DEFAULT_MODEL`, default `lr`).
    public var defaultModel: String = "lr"
    /// The version each model named serves when a request names no version (`--pin lr=1.0.0`, repeated /
    /// `MODEL_PINS=lr=1.0.0,tr=2.0.0`); a model not named serves its newest version.
    public var pins: [String: String] = [:]
    /// The request header that names a model (`--model-header` / `MODEL_HEADER`, default `X-Model`).
    public var modelHeader: String = "X-Model"
    /// Largest request body accepted, in bytes (`--max-body-bytes` / `MAX_BODY_BYTES`, default 64 KiB).
    public var maxBodyBytes: Int = 64 * 1024
    /// Longest `text` accepted, in Unicode code points (`--max-text-chars` / `MAX_TEXT_CHARS`, default 10 000).
    public var maxTextCharacters: Int = 10_000
    /// How long readiness reports 503 while requests are still served, after SIGTERM
    /// (`--drain-seconds` / `DRAIN_SECONDS`, default 5).
    public var drainSeconds: Double = 5
    /// Ratings above this count as funny (the original's `HAHA_TRESH`, default 4.0).
    public var hahaThreshold: Double = 4.0
    /// Distinct joker names `joker_counter_total` keeps before counting the rest as `other`
    /// (`--joker-label-limit` / `JOKER_LABEL_LIMIT`, default 50).
    public var jokerLabelLimit: Int = 50
    /// Most texts in one batch or Open Inference Protocol request (`--max-batch-size` / `MAX_BATCH_SIZE`, default 64).
    public var maxBatchSize: Int = 64
    /// How long a request body may take to arrive before the answer is 408 and the connection closes
    /// (`--request-timeout` / `REQUEST_TIMEOUT_SECONDS`, default 10).
    public var requestTimeoutSeconds: Double = 10
    /// How long a connection may send nothing before it is closed, between requests or inside one
    /// (`--idle-timeout` / `IDLE_TIMEOUT_SECONDS`, default 75: above the 60 s that nginx keeps idle upstream
    /// connections, so that the proxy, not the server, closes them).
    public var idleTimeoutSeconds: Double = 75
    /// Where requests that name no model go (`--routing-weights` / `ROUTING_WEIGHTS`, e.g. `lr:90,tr:10`, or
    /// versions of one name, `lr@1.0.0:90,lr@1.1.0:10`); nil sends them to the default model.
    public var routing: RoutingPolicy?
    /// Settings of the models that rate on threads of their own, over their kinds' defaults
    /// (`--model-execution` / `MODEL_EXECUTION`, e.g. `emb: threads=1 queue=32 batch=16 batch-tokens=4096 delay-ms=5
    /// timeout-ms=10000`).
    public var execution = ExecutionOverrides()
    /// A model that rates every prediction's texts beside the serving one, without touching the answer
    /// (`--shadow-model` / `SHADOW_MODEL`: `tr`, or a version, `lr@1.1.0`).
    public var shadowModel: String?
    /// Where `/docs` loads Swagger UI's script and style from (`--docs-assets-url` / `DOCS_ASSETS_URL`, default the
    /// public CDN that FastAPI uses): an `http(s)` URL, or a path on this server.
    public var docsAssetsURL: String = DocsAssetsLocation.defaultURL
    /// A folder of Swagger UI's dist files, served under `/docs/assets` and loaded by `/docs` instead of
    /// `docsAssetsURL` (`--docs-assets-dir` / `DOCS_ASSETS_DIR`).
    public var docsAssetsDirectory: String?
    /// The bearer token of `POST /admin/reload` (`ADMIN_TOKEN`, environment only); nil disables the admin routes.
    public var adminToken: String?
    /// Log level (`--log-level` / `LOG_LEVEL`, default `info`).
    public var logLevel: Logger.Level = .info
    /// Log line layout (`--log-format` / `LOG_FORMAT`: `text` or `json`, default `text`).
    public var logFormat: LogFormat = .text
    /// The level of the one line written per request (`--request-log-level` / `REQUEST_LOG_LEVEL`, default
    /// `info`; below `LOG_LEVEL` it is not written).
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
