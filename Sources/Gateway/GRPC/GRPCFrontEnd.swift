import GRPCCore
import GRPCNIOTransportHTTP2Posix
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The gRPC server beside the HTTP one, in the same process, on its own port (`GRPC_PORT`): the Open Inference
/// Protocol's service and gRPC health, over the same serving core. On graceful shutdown (after the drain delay, as the
/// HTTP server) it sends GOAWAY, finishes the RPCs in flight, and returns; what is still open ``shutdownGrace`` later
/// is closed.
///
/// Against abuse: a stream whose request has not ended within `REQUEST_TIMEOUT_SECONDS` reset
/// (``StreamRequestTimeout``), at most `GRPC_MAX_CONCURRENT_STREAMS` streams per connection (a rapid reset of streams costs no
/// work: a request's job is skipped once its caller is gone), pings without calls at most every 5 minutes (more
/// are strikes, and the connection is closed), an idle connection closed after `IDLE_TIMEOUT_SECONDS`, and no more
/// connections at once than ``ConnectionBudget`` allows.
package struct GRPCFrontEnd: Service {
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let transport: HTTP2ServerTransport.Posix
    private let logger: Logger

    /// A server on `configuration`'s host and gRPC port for `services`, each RPC observed by `observer`.
    init(
        configuration: GatewayConfiguration,
        services: [any RegistrableRPCService],
        observer: RequestObserverInterceptor,
        maxConnections: Int,
        logger: Logger
    ) {
        var config = HTTP2ServerTransport.Posix.Config.defaults
        // Twice the limit: between the two, SizeLimitedDeserializer says what is wrong.
        config.rpc.maxRequestPayloadSize = min(configuration.grpcMaxMessageBytes, .max / 2) * 2
        config.http2.maxConcurrentStreams = configuration.grpcMaxConcurrentStreams
        config.connection.maxIdleTime = .nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9))
        config.connection.maxGraceTime = Self.shutdownGrace
        // Latency at one call in flight: coalescing waits up to 100 µs for more writes, and measured no cheaper per call.
        config.connection.flushCoalescing = nil
        let requestTimeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeoutSeconds * 1e9))
        config.channelDebuggingCallbacks.onAcceptHTTP2Stream = { stream in
            stream.eventLoop.makeCompletedFuture {
                try stream.pipeline.syncOperations.addHandler(StreamRequestTimeout(timeout: requestTimeout), position: .first)
            }
        }
        // As the HTTP port does (ConnectionBudget): at the budget, stop accepting until a connection closes.
        config.channelDebuggingCallbacks.onBindTCPListener = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    AvailableConnectionsChannelHandler(delegate: MaximumAvailableConnections(maxConnections, logger: logger)),
                    position: .first
                )
            }
        }
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        transport = HTTP2ServerTransport.Posix(
            address: host.contains(":") ? .ipv6(host: host, port: configuration.grpcPort) : .ipv4(host: host, port: configuration.grpcPort),
            transportSecurity: .plaintext,
            config: config
        )
        server = GRPCServer(transport: transport, services: services, interceptors: [observer])
        self.logger = logger
    }

    /// How long RPCs in flight may take to finish once shutdown begins, before the server stops abruptly.
    /// grpc-swift's own grace timer starts only when the client acknowledges the PING that follows its GOAWAY: a
    /// client that never reads would hold the drain, and the pod, open for ever.
    static let shutdownGrace = Duration.seconds(10)

    package func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            group.addTask {
                try await gracefulShutdown()
                server.beginGracefulShutdown()
                try await Task.sleep(for: Self.shutdownGrace)
                logger.warning("gRPC calls or connections still open \(Self.shutdownGrace) into shutdown: closing them")
            }
            let address = try await transport.listeningAddress
            logger.info(
                "serving gRPC at \(address.ipv4.map { "\($0.host):\($0.port)" } ?? address.ipv6.map { "[\($0.host)]:\($0.port)" } ?? "\(address)")"
            )
            // The server returns once its calls are done (or the grace has passed: then it is cancelled).
            try await group.next()
            group.cancelAll()
        }
    }
}
