import Registry
import Synchronization

/// The models being served: one snapshot at a time, which a reload replaces whole, and the executors of
/// those that rate on threads of their own.
///
/// A request takes the snapshot once, at its start, and keeps it to its end: requests in flight during a
/// reload finish on the models they started with (a model the reload took away rates what was queued for it,
/// and refuses what comes after).
public final class ModelStore: Sendable {
    private let snapshot: Mutex<ModelRegistry>
    /// The executors of the models that rate on threads of their own.
    package let executors: ModelExecutors

    /// A store serving `models`, whose executors take the operator's `execution` settings and record to
    /// `metrics` when given.
    public init(_ models: ModelRegistry, metrics: GatewayMetrics? = nil, execution: ExecutionOverrides = ExecutionOverrides()) {
        snapshot = Mutex(models)
        executors = ModelExecutors(metrics: metrics, overrides: execution)
    }

    /// The models serving now.
    public var current: ModelRegistry { snapshot.withLock { $0 } }

    /// Serves `models` from now on; returns the set it replaced.
    @discardableResult
    func replace(with models: ModelRegistry) -> ModelRegistry {
        let replaced = snapshot.withLock { current in
            defer { current = models }
            return current
        }
        executors.retire(keeping: models)
        return replaced
    }
}
