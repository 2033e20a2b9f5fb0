import Dispatch
import Logging
import Registry
import Synchronization

/// Reloads the models (on SIGHUP or `POST /admin/reload`): loads the new set, checks it against the
/// traffic settings and warms every model, and only then swaps it in whole. A set that fails any step
/// leaves the old one serving; the failure is logged, counted and returned. It also loads and unloads one model
/// at a time for the model repository API (``ModelReloader/loadModel(_:)``, ``ModelReloader/unloadModel(_:)``); a
/// model unloaded so stays unloaded across reloads until it is loaded again.
///
/// Reloads, loads and unloads run one at a time on their own queue, off the threads that serve requests.
public final class ModelReloader: Sendable {
    /// The store a successful reload replaces the models of.
    public let store: ModelStore
    /// Where the artifacts are, for the model repository API; nil when the server has none.
    public let folder: ModelFolder?
    private let load: @Sendable () throws -> ModelRegistry
    private let configuration: GatewayConfiguration
    private let metrics: GatewayMetrics
    private let logger: Logger
    private let queue = DispatchQueue(label: "jokemeter.model-reload")
    /// ModelRegistry unloaded through the repository API (changed only on `queue`).
    private let unloaded = Mutex<Set<String>>([])

    /// A reloader that builds new sets with `load` (the executable reads the models folder again), and loads
    /// single models from `folder`.
    public init(
        store: ModelStore,
        configuration: GatewayConfiguration,
        metrics: GatewayMetrics,
        logger: Logger,
        folder: ModelFolder? = nil,
        load: @escaping @Sendable () throws -> ModelRegistry
    ) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.folder = folder
        self.load = load
    }

    /// Reloads; `trigger` names the cause in the log. Returns the new set, or why the old one stays.
    public func reload(trigger: String) async -> Result<ModelRegistry, ReloadFailure> {
        await onQueue { self.reloadNow(trigger: trigger) }
    }

    /// Loads (or loads again) every artifact of the folder that names `name`, with every check of a reload, and
    /// swaps the set with them in; the model is no longer unloaded. Throws ``RepositoryError/unknownModel(_:)`` when
    /// no artifact names it, ``RepositoryError/refused(_:)`` when a check fails (the models serving stay as they were).
    public func loadModel(_ name: String) async throws(RepositoryError) -> ModelRegistry {
        try await onQueue { () throws(RepositoryError) in try self.loadNow(name) }.get()
    }

    /// Stops serving every version of `name` (requests in flight finish on it) until it is loaded again. Refuses
    /// the default model and one the traffic settings name; a model neither loaded nor unloaded is unknown.
    public func unloadModel(_ name: String) async throws(RepositoryError) -> ModelRegistry {
        try await onQueue { () throws(RepositoryError) in try self.unloadNow(name) }.get()
    }

    /// The repository index: every artifact of the folder with its state beside the models serving, read on the
    /// reload queue (the folder's files are read whole: never on a request thread, and never halfway through a load).
    func repositoryIndex() async throws(RepositoryError) -> [RepositoryIndex.Entry] {
        try await onQueue { () throws(RepositoryError) in
            guard let folder = self.folder else { throw .noFolder("this server has no models folder") }
            let scanned = (try? folder.scan()) ?? []
            return RepositoryIndex.entries(scanned: scanned, serving: self.store.current, unloaded: self.unloaded.withLock { $0 })
        }.get()
    }

    private func onQueue<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    private func onQueue<Value: Sendable>(
        _ work: @escaping @Sendable () throws(RepositoryError) -> Value
    ) async -> Result<Value, RepositoryError> {
        await onQueue { () -> Result<Value, RepositoryError> in Result { () throws(RepositoryError) in try work() } }
    }

    private func reloadNow(trigger: String) -> Result<ModelRegistry, ReloadFailure> {
        let started = ContinuousClock.now
        do {
            var models = try load()
            let unloaded = self.unloaded.withLock { $0 }
            for name in unloaded.sorted() where !models.versions(of: name).isEmpty { models = try models.removing(name) }
            try swap(in: models, warming: models.allModels, unloaded: unloaded)
            metrics.reloaded(succeeded: true)
            let summary = models.descriptors.map { "\($0.name) \($0.version)" }.joined(separator: ", ")
            let kept = unloaded.isEmpty ? "" : "; still unloaded: \(unloaded.sorted().joined(separator: ", "))"
            logger.info("models reloaded (\(trigger)) in \(started.duration(to: .now)): \(summary); default \(models.defaultModelName)\(kept)")
            return .success(models)
        } catch {
            metrics.reloaded(succeeded: false)
            let failure = ReloadFailure(reason: "\(error)")
            logger.error("reload (\(trigger)) failed; still serving \(store.current.names.joined(separator: ", ")): \(failure.reason)")
            return .failure(failure)
        }
    }

    private func loadNow(_ name: String) throws(RepositoryError) -> ModelRegistry {
        guard let folder else { throw .noFolder("this server cannot load models: it was built without a models folder") }
        do {
            let scanned = try folder.scan()
            let artifacts = try folder.loadArtifacts(named: name, in: scanned)
            guard !artifacts.isEmpty else {
                let inFolder = Set(scanned.compactMap { try? $0.result.get().name })
                throw RepositoryError.unknownModel(UnknownModel(name: name, available: inFolder.sorted()))
            }
            let models = try store.current.replacing(name, with: artifacts)
            try swap(in: models, warming: artifacts, unloaded: unloaded.withLock { $0 }.subtracting([name]))
            unloaded.withLock { _ = $0.remove(name) }
            logger.info("model \(name) loaded (repository API): \(artifacts.map(\.descriptor.version).sorted().joined(separator: ", "))")
            return models
        } catch let error as RepositoryError {
            throw error
        } catch {
            logger.error("load of \(name) (repository API) failed; the models serving stay: \(error)")
            throw .refused("load of \(name) failed; the models serving stay as they were: \(error)")
        }
    }

    private func unloadNow(_ name: String) throws(RepositoryError) -> ModelRegistry {
        let current = store.current
        guard !current.versions(of: name).isEmpty else {
            if unloaded.withLock({ $0.contains(name) }) { return current }
            throw .unknownModel(UnknownModel(name: name, available: current.names))
        }
        if let reason = unloadRefusal(of: name, in: current) {
            throw .refused("\(name) cannot be unloaded: \(reason)")
        }
        do {
            let models = try current.removing(name)
            try swap(in: models, warming: [], unloaded: unloaded.withLock { $0 }.union([name]))
            unloaded.withLock { _ = $0.insert(name) }
            logger.info("model \(name) unloaded (repository API); it stays unloaded across reloads until it is loaded again")
            return models
        } catch {
            throw .refused("\(name) cannot be unloaded: \(error)")
        }
    }

    /// Why `name` must stay: the default, or a model the routing weights or the shadow setting name.
    private func unloadRefusal(of name: String, in models: ModelRegistry) -> String? {
        if name == models.defaultModelName { return "it is the default model (--default-model / DEFAULT_MODEL)" }
        if let weight = configuration.routing?.weights.first(where: { ModelReference(parsing: $0.model).name == name }) {
            return "the routing weights name \(weight.model) (--routing-weights / ROUTING_WEIGHTS)"
        }
        if let shadow = configuration.shadowModel, ModelReference(parsing: shadow).name == name {
            return "it is the shadow model (--shadow-model / SHADOW_MODEL)"
        }
        return nil
    }

    /// Checks `models` against the traffic settings (with `unloaded` as they will be), warms those of them not yet
    /// warm (`warming`: the whole set after a reload, the new artifacts after a load, none after an unload) and
    /// serves them from now on.
    private func swap(in models: ModelRegistry, warming: [any TextModel], unloaded: Set<String>) throws {
        try configuration.validate(models: models, unloaded: unloaded)
        try warmUp(warming)
        store.replace(with: models)
        metrics.publish(models: models.descriptors)
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
func warmUp(_ models: ModelRegistry) throws(WarmUpFailure) { try warmUp(models.allModels) }

/// Rates one text with each of `models`; a rating that is not a number stops them from serving.
func warmUp(_ models: [any TextModel]) throws(WarmUpFailure) {
    for model in models where !model.predict("warm-up: Штирлиц шёл по лесу").isFinite {
        throw WarmUpFailure(model: "\(model.descriptor.name) \(model.descriptor.version)")
    }
}

extension ModelRegistry {
    /// The descriptor of every version of every model: by name, then oldest first.
    var descriptors: [ModelDescriptor] { allModels.map(\.descriptor) }
}
