import GRPCCore

/// What the gRPC front-end knows of the caller of the RPC being served: its deadline, read from `grpc-timeout` when
/// the RPC starts (``RequestObserverInterceptor``), where gRPC's own clock for it starts too.
enum RPCCaller {
    @TaskLocal static var deadline: ContinuousClock.Instant?

    /// Runs `work` in a task of its own that the RPC's cancellation (a reset stream, the deadline gRPC enforces)
    /// cancels, so that work queued for a model is dropped once its caller is gone: grpc-swift tells a call's
    /// cancellation to the handlers it registers, not to its task.
    static func cancellable<Value: Sendable>(
        _ work: @escaping @Sendable () async throws(ServingError) -> Value
    ) async throws(ServingError) -> Value {
        let task = Task { () async -> Result<Value, ServingError> in
            do throws(ServingError) {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
        let result = await withRPCCancellationHandler {
            await task.value
        } onCancelRPC: {
            task.cancel()
        }
        return try result.get()
    }
}
