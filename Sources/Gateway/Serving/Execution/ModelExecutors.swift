import Registry
import Synchronization

/// The executors of the models that rate on threads of their own: one per loaded model version, made at its first
/// request, and stopped when a reload takes the model away (its queued requests are rated first).
package final class ModelExecutors: Sendable {
    private struct State {
        /// By model name and artifact digest: a reload that keeps an artifact keeps its executor.
        var running: [String: ModelExecutor] = [:]
        /// Those the last reload stopped: a request that began before it still finds them, and is refused.
        var stopped: [String: ModelExecutor] = [:]
    }

    private let state = Mutex(State())
    private let metrics: GatewayMetrics?
    private let overrides: ExecutionOverrides

    /// Executors with the operator's `overrides` over the kinds' settings, recording their queues to `metrics`
    /// when given.
    package init(metrics: GatewayMetrics? = nil, overrides: ExecutionOverrides = ExecutionOverrides()) {
        self.metrics = metrics
        self.overrides = overrides
    }

    /// Where `model` rates: its kind's execution with the operator's overrides, without making its executor.
    package func execution(of model: any TextModel) -> ModelExecution { overrides.execution(of: model) }

    /// `model`'s executor, or nil when the model rates inline.
    package func executor(for model: any TextModel) -> ModelExecutor? {
        guard case .dedicated(let settings) = execution(of: model) else { return nil }
        let key = Self.key(model.descriptor)
        return state.withLock { state in
            if let executor = state.running[key] ?? state.stopped[key] { return executor }
            let executor = ModelExecutor(model: model, settings: settings, series: metrics?.executionSeries(model: ModelLabels(model.descriptor)))
            state.running[key] = executor
            return executor
        }
    }

    /// Stops the executors of models that `models` does not hold; those of the artifacts it keeps rate with its
    /// instances from now on, so that the instances it replaced are freed.
    package func retire(keeping models: ModelRegistry) {
        let kept = Dictionary(models.allModels.map { (Self.key($0.descriptor), $0) }) { first, _ in first }
        let retired = state.withLock { state in
            let retired = state.running.filter { kept[$0.key] == nil }
            for key in retired.keys { state.running[key] = nil }
            for (key, executor) in state.running { if let model = kept[key] { executor.serve(model) } }
            state.stopped = retired
            return retired.values
        }
        for executor in retired { executor.shutdown() }
    }

    private static func key(_ descriptor: ModelDescriptor) -> String { "\(descriptor.name)\u{0}\(descriptor.digest)" }
}
