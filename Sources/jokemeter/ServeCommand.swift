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
        usage: "jokemeter serve [--<setting> <value> ...]",
        // The table's lines are laid out to fit: swift-argument-parser wraps again a line of the full 80 columns.
        // Each paragraph below is one line, which it wraps to the terminal.
        discussion: GatewaySettings.help(width: 79) + "\n\n" + """
            SIGHUP reloads the models (loaded and warmed before they replace the old ones; a broken artifact keeps \
            the old ones serving). ADMIN_TOKEN enables POST /admin/reload and the model repository API \
            (POST /v2/repository/index, …/models/{m}/load and …/unload) with that bearer token.

            SIGTERM or SIGINT drains: readiness turns 503, requests are served for the drain delay, then the server \
            finishes what is in flight and exits 0.
            """
    )

    /// The flags of the settings, read by ``GatewaySettings``: swift-argument-parser declares an option as a
    /// property of its own, and a setting is declared once, in that table. Its help is the table's, above.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    /// A flag that is not a setting's, or without its value, is a usage error, as swift-argument-parser's own are.
    func validate() throws {
        do {
            _ = try GatewaySettings.flags(in: settings)
        } catch {
            throw ValidationError("\(error)")
        }
    }

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

    /// Flags over environment over defaults, checked.
    func resolve(environment: [String: String]) throws -> GatewayConfiguration {
        let configuration = try GatewaySettings.resolve(arguments: settings, environment: environment)
        try configuration.validate()
        return configuration
    }
}
