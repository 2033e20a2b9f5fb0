import GRPCCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The gRPC server beside the HTTP one, in the same process, on its own port (`GRPC_PORT`): the Open Inference
/// Protocol's service and gRPC health, over the same serving core, on grpc-swift's server with a transport of our own
/// (``EventLoopServerTransport``: each call served on its connection's event loop). On graceful shutdown (after the
/// drain delay, as the HTTP server) it sends GOAWAY, finishes the RPCs in flight, and returns; what is still open
/// ``shutdownGrace`` later is closed.
///
/// Against abuse: a message over `GRPC_MAX_MESSAGE_BYTES` refused as soon as its length prefix is read, a stream whose
/// request has not ended within `REQUEST_TIMEOUT_SECONDS` reset, at most `GRPC_MAX_CONCURRENT_STREAMS` streams per
/// connection (a rapid reset of streams costs no work: a request's job is skipped once its caller is gone), NIO
/// HTTP/2's rate limits on resets and control frames, an idle connection closed after `IDLE_TIMEOUT_SECONDS`, and no
/// more connections at once than ``ConnectionBudget`` allows.
package struct GRPCFrontEnd: Service {
    private let server: GRPCServer<EventLoopServerTransport>
    private let transport: EventLoopServerTransport
    /// The gRPC port's own event loops: calls answered on them (a model rated inline) never delay the HTTP port's.
    private let eventLoops: MultiThreadedEventLoopGroup
    private let logger: Logger

    /// A server on `configuration`'s host and gRPC port for `services`, each RPC observed by `observer`.
    init(
        configuration: GatewayConfiguration,
        services: [any RegistrableRPCService],
        observer: RequestObserverInterceptor,
        maxConnections: Int,
        logger: Logger
    ) {
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        transport = EventLoopServerTransport(
            configuration: .init(
                host: host,
                port: configuration.grpcPort,
                limits: .init(
                    maxMessageBytes: configuration.grpcMaxMessageBytes,
                    requestTimeout: .nanoseconds(Int64(configuration.requestTimeoutSeconds * 1e9))
                ),
                maxConcurrentStreams: configuration.grpcMaxConcurrentStreams,
                idleTimeout: .nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9)),
                maxConnections: maxConnections
            ),
            group: eventLoops,
            logger: logger
        )
        server = GRPCServer(transport: transport, services: services, interceptors: [observer])
        self.logger = logger
    }

    /// How long RPCs in flight may take to finish once shutdown begins, before the server stops abruptly: a client
    /// that never reads (nor acknowledges the PING after the GOAWAY) cannot hold the drain, and the pod, open.
    static let shutdownGrace = Duration.seconds(10)

    package func run() async throws {
        defer { eventLoops.shutdownGracefully { _ in } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            group.addTask {
                try await gracefulShutdown()
                server.beginGracefulShutdown()
                try await Task.sleep(for: Self.shutdownGrace)
                logger.warning("gRPC calls or connections still open \(Self.shutdownGrace) into shutdown: closing them")
            }
            let address = try await transport.listeningAddress
            logger.info("serving gRPC at \(address.ipAddress.map { address.protocol == .inet6 ? "[\($0)]" : $0 } ?? "?"):\(address.port ?? 0)")
            // The server returns once its calls are done (or the grace has passed: then it is cancelled).
            try await group.next()
            group.cancelAll()
        }
    }
}
