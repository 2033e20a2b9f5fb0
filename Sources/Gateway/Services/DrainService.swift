import ServiceLifecycle

/// On graceful shutdown (SIGTERM, SIGINT) turns readiness to `draining` at once, then keeps the server
/// serving for the drain delay, so that load balancers stop sending before the listener closes.
///
/// Listed after the application in the service group: shutdown runs in reverse order, so the server is
/// told to stop accepting only when this service returns.
public struct DrainService: Service {
    let readiness: Readiness
    let delay: Duration

    /// A drain of `delay` that reports through `readiness`.
    public init(readiness: Readiness, delay: Duration) {
        self.readiness = readiness
        self.delay = delay
    }

    public func run() async throws {
        // Returns when graceful shutdown starts; throws if the task is cancelled instead.
        try await gracefulShutdown()
        readiness.advance(to: .draining)
        try await Task.sleep(for: delay)
    }
}
