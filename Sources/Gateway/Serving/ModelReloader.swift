import Dispatch
import Logging
import Registry

/// Reloads the models (on SIGHUP or `POST /admin/reload`): loads the new set, checks it against the
/// traffic settings and warms every model, and only then swaps it in whole. A set that fails any step
/// leaves the old one serving; the failure is logged, counted and returned.
///
/// Reloads run one at a time on their own queue, off the threads that serve requests.
public final class ModelReloader<Models: ModelLookup>: Sendable {
    /// The store a successful reload replaces the models of.
    public let store: ModelStore<Models>
    private let load: @Sendable () throws -> Models
    private let configuration: GatewayConfiguration
    private let metrics: GatewayMetrics
    private let logger: Logger
    private let queue = DispatchQueue(label: "jokemeter.model-reload")

    /// A reloader that builds new sets with `load` (the executable reads the models folder again).
    public init(
        store: ModelStore<Models>,
        configuration: GatewayConfiguration,
        metrics: GatewayMetrics,
        logger: Logger,
        load: @escaping @Sendable () throws -> Models
    ) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.load = load
    }

    /// Reloads; `trigger` names the cause in the log. Returns the new set, or why the old one stays.
    public func reload(trigger: String) async -> Result<Models, ReloadFailure> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.reloadNow(trigger: trigger)) }
        }
    }

    private func reloadNow(trigger: String) -> Result<Models, ReloadFailure> {
        let started = ContinuousClock.now
        do {
            let models = try load()
            try configuration.validate(models: models)
            try warmUp(models)
            store.replace(with: models)
            metrics.publish(models: models.descriptors)
            metrics.reloaded(succeeded: true)
            let summary = models.descriptors.map { "\($0.name) \($0.version)" }.joined(separator: ", ")
            logger.info("models reloaded (\(trigger)) in \(started.duration(to: .now)): \(summary); default \(models.defaultModelName)")
            return .success(models)
        } catch {
            metrics.reloaded(succeeded: false)
            let failure = ReloadFailure(reason: "\(error)")
            logger.error("reload (\(trigger)) failed; still serving \(store.current.names.joined(separator: ", ")): \(failure.reason)")
            return .failure(failure)
        }
    }
}

/// Why a reload kept the old models.
public struct ReloadFailure: Error, Sendable, Equatable {
    /// What was wrong with the new set, naming the file and field where one was at fault.
    public var reason: String
}

/// A model gave a warm-up rating that is not a number.
struct WarmUpFailure: Error, CustomStringConvertible {
    let model: String
    var description: String { "model \(model) rated the warm-up text as not a number" }
}

/// Rates one text with every version of every model, so that the first request does not pay for first use; a
/// rating that is not a number stops the set from serving.
func warmUp(_ models: some ModelLookup) throws(WarmUpFailure) {
    for model in models.allModels where !model.predict("warm-up: Штирлиц шёл по лесу").isFinite {
        throw WarmUpFailure(model: "\(model.descriptor.name) \(model.descriptor.version)")
    }
}

extension ModelLookup {
    /// The descriptor of every version of every model: by name, then oldest first.
    var descriptors: [ModelDescriptor] { allModels.map(\.descriptor) }
}
