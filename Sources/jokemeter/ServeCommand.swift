import ArgumentParser
import Foundation
import Gateway
import Logging
import Metrics
import Prometheus
import Registry
import ServiceLifecycle

/// `jokemeter serve`: the HTTP gateway over every model of a folder.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every model of a folder over HTTP (the original /api/v1 API).",
        discussion: """
            Each flag has an environment twin (HOST, PORT, MODELS_DIR, DEFAULT_MODEL, MODEL_PINS, MODEL_HEADER, MAX_BODY_BYTES,
            MAX_TEXT_CHARS, MAX_BATCH_SIZE, REQUEST_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS, ROUTING_WEIGHTS, MODEL_EXECUTION, SHADOW_MODEL,
            DOCS_ASSETS_URL, DOCS_ASSETS_DIR, DRAIN_SECONDS, HAHA_TRESH, JOKER_LABEL_LIMIT, LOG_LEVEL, LOG_FORMAT, REQUEST_LOG_LEVEL); a flag wins over its
            variable. ML_MODEL_PATH serves that one artifact as the default instead of a folder. SIGHUP reloads the
            models (loaded and warmed before they replace the old ones; a broken artifact keeps the old ones serving);
            ADMIN_TOKEN (environment only, 16 characters or more; or ADMIN_TOKEN_FILE, a file holding it) enables
            POST /admin/reload and the model repository API (POST /v2/repository/index, …/models/{m}/load and
            …/unload) with that bearer token.
            SIGTERM or SIGINT drains: readiness turns 503, requests are served for the drain delay, then the server
            finishes what is in flight and exits 0.
            """
    )

    @Option(help: "Address to bind. [env: HOST] (default: 0.0.0.0)")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one. [env: PORT] (default: 8080)")
    var port: Int?

    @Option(help: "Folder of model artifacts. [env: MODELS_DIR] (default: models)")
    var models: String?

    @Option(help: "Model used when a request names none. [env: DEFAULT_MODEL] (default: lr)")
    var defaultModel: String?

    @Option(
        name: .customLong("pin"),
        help:
            "The version a model serves when a request names none, e.g. lr=1.0.0 (repeat for several models); others serve their newest. [env: MODEL_PINS, e.g. lr=1.0.0,tr=2.0.0]"
    )
    var pins: [String] = []

    @Option(help: "Request header that names the model. [env: MODEL_HEADER] (default: X-Model)")
    var modelHeader: String?

    @Option(help: "Largest request body in bytes. [env: MAX_BODY_BYTES] (default: 65536)")
    var maxBodyBytes: Int?

    @Option(name: .customLong("max-text-chars"), help: "Longest text in characters. [env: MAX_TEXT_CHARS] (default: 10000)")
    var maxTextCharacters: Int?

    @Option(help: "Most texts in one batch or inference request. [env: MAX_BATCH_SIZE] (default: 64)")
    var maxBatchSize: Int?

    @Option(help: "Seconds a request body may take to arrive before a 408. [env: REQUEST_TIMEOUT_SECONDS] (default: 10)")
    var requestTimeout: Double?

    @Option(help: "Seconds a connection may stay silent before it is closed. [env: IDLE_TIMEOUT_SECONDS] (default: 75)")
    var idleTimeout: Double?

    @Option(help: "Split of requests that name no model, e.g. lr:90,tr:10; the same joker always gets the same model. [env: ROUTING_WEIGHTS]")
    var routingWeights: String?

    @Option(
        help:
            "Settings of models on threads of their own, over their kinds' defaults, e.g. \"emb: threads=1 queue=32 batch=16 batch-tokens=4096 delay-ms=5 timeout-ms=10000\"; models separated by ';'. [env: MODEL_EXECUTION]"
    )
    var modelExecution: String?

    @Option(help: "A model that also rates every prediction, without touching the answer. [env: SHADOW_MODEL]")
    var shadowModel: String?

    @Option(
        help:
            "Where /docs loads Swagger UI's script and style from: an http(s) URL or a path on this server. [env: DOCS_ASSETS_URL] (default: \(DocsAssetsLocation.defaultURL))"
    )
    var docsAssetsUrl: String?

    @Option(help: "A folder of Swagger UI's dist files to serve under /docs/assets, which /docs then loads. [env: DOCS_ASSETS_DIR]")
    var docsAssetsDir: String?

    @Option(help: "Seconds readiness reports 503 before the server stops accepting. [env: DRAIN_SECONDS] (default: 5)")
    var drainSeconds: Double?

    @Option(help: "Ratings above this are funny. [env: HAHA_TRESH] (default: 4.0)")
    var hahaThreshold: Double?

    @Option(help: "trace, debug, info, notice, warning, error or critical. [env: LOG_LEVEL] (default: info)")
    var logLevel: String?

    @Option(help: "text or json. [env: LOG_FORMAT] (default: text)")
    var logFormat: String?

    @Option(help: "The level of the line written per request; below the log level it is not written. [env: REQUEST_LOG_LEVEL] (default: info)")
    var requestLogLevel: String?

    @Option(help: "Distinct joker names counted by joker_counter before the rest count as other. [env: JOKER_LABEL_LIMIT] (default: 50)")
    var jokerLabelLimit: Int?

    func run() async throws {
        try await reportingFailureAsync {
            HeapTrim.keepLargeBlocksMapped(environment: ProcessInfo.processInfo.environment)
            let configuration = try resolve(environment: ProcessInfo.processInfo.environment)
            let logger = configuration.makeLogger()
            let registry = try Self.loadModels(configuration)
            try configuration.validate(models: registry)
            HeapTrim.afterLoading()
            let loaded = registry.allModels.map { "\($0.descriptor.name) \($0.descriptor.version)" }
            logger.info("loaded \(registry.names.count) models: \(loaded.joined(separator: ", "))")
            let readiness = Readiness()
            let metrics = GatewayMetrics(configuration: configuration)
            // Anything that reports through swift-metrics (a model plugin, a library) lands on /metrics too.
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
            let app = buildApplication(
                configuration: configuration,
                models: registry,
                readiness: readiness,
                metrics: metrics,
                logger: logger,
                folder: Self.folder(configuration),
                reloadModels: { try Self.loadModels(configuration) }
            )
            let drain = DrainService(readiness: readiness, delay: .milliseconds(Int(configuration.drainSeconds * 1000)))
            let group = ServiceGroup(
                configuration: .init(services: [app, drain], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            )
            try await group.run()
            logger.info("stopped")
        }
    }

    /// Where the artifacts are: the models folder, or the single artifact `ML_MODEL_PATH` names.
    static func folder(_ configuration: GatewayConfiguration) -> ModelFolder {
        guard let single = configuration.singleArtifact else {
            return ModelFolder(directory: URL(fileURLWithPath: configuration.modelsDirectory), loader: ModelKinds.loader)
        }
        return ModelFolder(file: URL(fileURLWithPath: single), loader: ModelKinds.loader)
    }

    /// The registry of the models folder, or of the single artifact `ML_MODEL_PATH` names.
    static func loadModels(_ configuration: GatewayConfiguration) throws -> ModelRegistry {
        let loader = ModelKinds.loader
        guard let single = configuration.singleArtifact else {
            return try loader.loadRegistry(
                directory: URL(fileURLWithPath: configuration.modelsDirectory),
                defaultModel: configuration.defaultModel,
                pins: configuration.pins
            )
        }
        let model = try loader.loadArtifact(at: URL(fileURLWithPath: single))
        return try ModelRegistry(models: [model], defaultModel: model.descriptor.name)
    }

    /// Flags over environment over defaults.
    func resolve(environment: [String: String]) throws -> GatewayConfiguration {
        let reader = EnvironmentReader(environment: environment)
        var configuration = GatewayConfiguration()
        configuration.host = host ?? reader.string("HOST") ?? configuration.host
        configuration.port = try port ?? reader.parse("PORT", as: Int.self) ?? configuration.port
        configuration.modelsDirectory = models ?? reader.string("MODELS_DIR") ?? configuration.modelsDirectory
        configuration.singleArtifact = reader.string("ML_MODEL_PATH")
        configuration.defaultModel = defaultModel ?? reader.string("DEFAULT_MODEL") ?? configuration.defaultModel
        configuration.pins = try pins.isEmpty ? VersionPins.parse(list: reader.string("MODEL_PINS") ?? "") : VersionPins.parse(pins)
        configuration.modelHeader = modelHeader ?? reader.string("MODEL_HEADER") ?? configuration.modelHeader
        configuration.maxBodyBytes = try maxBodyBytes ?? reader.parse("MAX_BODY_BYTES", as: Int.self) ?? configuration.maxBodyBytes
        configuration.maxTextCharacters = try maxTextCharacters ?? reader.parse("MAX_TEXT_CHARS", as: Int.self) ?? configuration.maxTextCharacters
        configuration.maxBatchSize = try maxBatchSize ?? reader.parse("MAX_BATCH_SIZE", as: Int.self) ?? configuration.maxBatchSize
        configuration.requestTimeoutSeconds =
            try requestTimeout ?? reader.parse("REQUEST_TIMEOUT_SECONDS", as: Double.self) ?? configuration.requestTimeoutSeconds
        configuration.idleTimeoutSeconds =
            try idleTimeout ?? reader.parse("IDLE_TIMEOUT_SECONDS", as: Double.self) ?? configuration.idleTimeoutSeconds
        if let weights = routingWeights ?? reader.string("ROUTING_WEIGHTS") {
            do {
                configuration.routing = try RoutingPolicy(parsing: weights)
            } catch {
                throw ValidationError("routing weights \"\(weights)\": \(error)")
            }
        }
        if let execution = modelExecution ?? reader.string("MODEL_EXECUTION") {
            do {
                configuration.execution = try ExecutionOverrides(parsing: execution)
            } catch {
                throw ValidationError("model execution \"\(execution)\": \(error)")
            }
        }
        configuration.shadowModel = shadowModel ?? reader.string("SHADOW_MODEL")
        configuration.docsAssetsURL = docsAssetsUrl ?? reader.string("DOCS_ASSETS_URL") ?? configuration.docsAssetsURL
        configuration.docsAssetsDirectory = docsAssetsDir ?? reader.string("DOCS_ASSETS_DIR")
        configuration.adminToken = try reader.string("ADMIN_TOKEN") ?? Self.adminToken(file: reader.string("ADMIN_TOKEN_FILE"))
        configuration.drainSeconds = try drainSeconds ?? reader.parse("DRAIN_SECONDS", as: Double.self) ?? configuration.drainSeconds
        configuration.hahaThreshold = try hahaThreshold ?? reader.parse("HAHA_TRESH", as: Double.self) ?? configuration.hahaThreshold
        configuration.jokerLabelLimit = try jokerLabelLimit ?? reader.parse("JOKER_LABEL_LIMIT", as: Int.self) ?? configuration.jokerLabelLimit
        configuration.logLevel = try Self.level(logLevel ?? reader.string("LOG_LEVEL"), of: "log level") ?? configuration.logLevel
        configuration.requestLogLevel =
            try Self.level(requestLogLevel ?? reader.string("REQUEST_LOG_LEVEL"), of: "request log level") ?? configuration.requestLogLevel
        if let format = logFormat ?? reader.string("LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: format.lowercased()) else { throw ValidationError("log format \"\(format)\" is not text or json") }
            configuration.logFormat = parsed
        }
        try configuration.validate()
        return configuration
    }
}

extension ServeCommand {
    /// The admin token kept in `file` (a mounted Kubernetes Secret), without its trailing line break; nil when no file is named.
    static func adminToken(file: String?) throws -> String? {
        guard let file else { return nil }
        do {
            return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .newlines)
        } catch {
            throw ValidationError("ADMIN_TOKEN_FILE \(file) cannot be read: \(error.localizedDescription)")
        }
    }

    /// The level `name` spells, nil when not given; `setting` names it in the error.
    static func level(_ name: String?, of setting: String) throws -> Logger.Level? {
        guard let name else { return nil }
        guard let parsed = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationError("\(setting) \"\(name)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        return parsed
    }
}

/// Reads settings from environment variables; an empty variable counts as unset.
struct EnvironmentReader {
    let environment: [String: String]

    func string(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func parse<Value: LosslessStringConvertible>(_ name: String, as type: Value.Type) throws -> Value? {
        guard let text = string(name) else { return nil }
        guard let value = Value(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(name)=\(text) is not a valid \(Value.self == Int.self ? "integer" : "number")")
        }
        return value
    }
}
