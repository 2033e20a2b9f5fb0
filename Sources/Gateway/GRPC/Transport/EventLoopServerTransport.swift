import GRPCCore
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP2
import NIOPosix
import Synchronization

/// grpc-swift's server over HTTP/2 on plaintext TCP, serving each call on its connection's event loop
/// (``GRPCCallHandler``). NIO HTTP/2 checks the protocol and its limits: at most `maxConcurrentStreams` streams a
/// connection, header blocks of at most 16 KiB, and rate limits on resets (rapid reset, CVE-2023-44487), control
/// frames (ping and settings floods) and stream errors; NIO HTTP/2's connection manager closes a connection idle for
/// `idleTimeout`, and on graceful shutdown sends GOAWAY and closes each connection once its calls are done.
package final class EventLoopServerTransport: ServerTransport {
    package typealias Bytes = CallBytes

    /// Where to listen, and what a connection allows.
    package struct Configuration: Sendable {
        package var host: String
        package var port: Int
        package var limits: GRPCCallHandler.Limits
        package var maxConcurrentStreams: Int
        package var idleTimeout: TimeAmount
        /// No more connections at once: at the budget, accepting waits until one closes.
        package var maxConnections: Int

        package init(host: String, port: Int, limits: GRPCCallHandler.Limits, maxConcurrentStreams: Int, idleTimeout: TimeAmount, maxConnections: Int)
        {
            self.host = host
            self.port = port
            self.limits = limits
            self.maxConcurrentStreams = maxConcurrentStreams
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
        }
    }

    private let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    private let address: EventLoopPromise<SocketAddress>

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var shuttingDown = false
    }

    package init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        address = group.any().makePromise()
    }

    /// The address the transport listens on, once it does.
    package var listeningAddress: SocketAddress {
        get async throws { try await address.futureResult.get() }
    }

    package func listen(streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void) async throws {
        let listener: any Channel
        do {
            listener = try await bootstrap(streamHandler).bind(host: configuration.host, port: configuration.port).get()
        } catch {
            address.fail(error)
            throw error
        }
        let stopped = state.withLock { state in
            state.listener = listener
            return state.shuttingDown
        }
        if let bound = listener.localAddress {
            address.succeed(bound)
        } else {
            address.fail(ChannelError.ioOnClosedChannel)
        }
        if stopped { try? await listener.close() }
        await withTaskCancellationHandler {
            try? await listener.closeFuture.get()
            // No more connections come (``configure(_:streamHandler:)`` refuses those accepted meanwhile): ask those
            // open to finish their calls and close (GOAWAY), and wait for them.
            let connections = state.withLock { Array($0.connections.values) }
            for connection in connections { connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
            for connection in connections { try? await connection.closeFuture.get() }
        } onCancel: {
            let (listener, connections) = state.withLock { ($0.listener, Array($0.connections.values)) }
            listener?.close(promise: nil)
            for connection in connections { connection.close(promise: nil) }
        }
    }

    /// Stops accepting; ``listen(streamHandler:)`` then drains the connections and returns.
    package func beginGracefulShutdown() {
        let listener = state.withLock { state in
            state.shuttingDown = true
            return state.listener
        }
        listener?.close(promise: nil)
    }

    private func bootstrap(_ streamHandler: @escaping GRPCCallHandler.StreamHandler) -> ServerBootstrap {
        let (configuration, logger) = (configuration, logger)
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AvailableConnectionsChannelHandler(delegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger))
                    )
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try configure(channel, streamHandler: streamHandler)
                }
            }
    }

    /// A connection's pipeline: HTTP/2, its connection manager, the calls.
    private func configure(_ channel: any Channel, streamHandler: @escaping GRPCCallHandler.StreamHandler) throws {
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: configuration.maxConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 16 * 1024),
            HTTP2Setting(parameter: .initialWindowSize, value: configuration.limits.streamWindow),
        ]
        let manager = NIOHTTP2ServerConnectionManagementHandler(
            eventLoop: channel.eventLoop,
            configuration: .init(maxIdleTime: configuration.idleTimeout, maxAge: nil, maxGraceTime: nil, keepalive: nil)
        )
        try channel.pipeline.syncOperations.addHandlers(
            NIOHTTP2Handler(mode: .server, connectionConfiguration: connection),
            manager,
            GRPCCallHandler(limits: configuration.limits, handleStream: streamHandler)
        )
        let id = ObjectIdentifier(channel)
        let admitted = state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.connections[id] = channel
            return true
        }
        guard admitted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.connections.removeValue(forKey: id) }
        }
    }
}
