import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import Gateway
import Logging
import NIOCore
import Testing

/// The gRPC transport over the wire, against grpc-swift's own client transport: unary and server-streaming calls,
/// metadata both ways, the message limit, unknown methods, and a graceful shutdown that lets a call finish.
@Suite struct GRPCTransportTests {
    /// Runs `body` with a client of a server of the health service over `readiness`, its messages limited to
    /// `maxMessageBytes`.
    func withServer(
        readiness: Readiness = Readiness(.ready),
        maxMessageBytes: Int = 4 << 20,
        _ body: (GRPCClient<HTTP2ClientTransport.Posix>, EventLoopServerTransport) async throws -> Void
    ) async throws {
        let transport = EventLoopServerTransport(
            configuration: .init(
                host: "127.0.0.1",
                port: 0,
                limits: .init(maxMessageBytes: maxMessageBytes, requestTimeout: .seconds(5)),
                maxConcurrentStreams: 16,
                idleTimeout: .seconds(60),
                maxConnections: 16
            ),
            logger: Logger(label: "test")
        )
        let server = GRPCServer(transport: transport, services: [HealthService(readiness: readiness)])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            guard let port = try await transport.listeningAddress.port else { throw RPCError(code: .internalError, message: "no port") }
            try await withGRPCClient(transport: try .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)) {
                client in
                try await body(client, transport)
            }
            server.beginGracefulShutdown()
        }
    }

    @Test func aUnaryCallIsAnsweredWithItsMessageAndMetadata() async throws {
        try await withServer { client, _ in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            let serving = try await health.check(.with { $0.service = "" })
            #expect(serving.status == .serving)
            let error = await #expect(throws: RPCError.self) { try await health.check(.with { $0.service = "nope" }) }
            #expect(error?.code == .notFound)
            #expect(error?.message.contains("unknown service \"nope\"") == true)
        }
    }

    @Test func aServerStreamingCallSendsEachChange() async throws {
        let readiness = Readiness(.starting)
        try await withServer(readiness: readiness) { client, _ in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            let statuses = try await health.watch(.with { $0.service = "" }) { response in
                var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                for try await message in response.messages {
                    seen.append(message.status)
                    if seen.count == 1 { readiness.advance(to: .ready) }
                    if seen.count == 2 { break }
                }
                return seen
            }
            #expect(statuses == [.notServing, .serving])
        }
    }

    @Test func aMessageOverTheLimitIsRefusedNamingTheLimit() async throws {
        try await withServer(maxMessageBytes: 64) { client, _ in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            let error = await #expect(throws: RPCError.self) { try await health.check(.with { $0.service = String(repeating: "x", count: 100) }) }
            #expect(error?.code == .resourceExhausted)
            #expect(error?.message.contains("the limit is 64 (GRPC_MAX_MESSAGE_BYTES)") == true)
            // The connection serves on.
            let after = try await health.check(.with { $0.service = "liveness" })
            #expect(after.status == .serving)
        }
    }

    @Test func anUnknownMethodIsUnimplemented() async throws {
        try await withServer { client, _ in
            let method = MethodDescriptor(fullyQualifiedService: "grpc.health.v1.Health", method: "Nope")
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(
                    request: ClientRequest(message: Grpc_Health_V1_HealthCheckRequest()),
                    descriptor: method,
                    serializer: ProtobufSerializer(),
                    deserializer: ProtobufDeserializer<Grpc_Health_V1_HealthCheckResponse>(),
                    options: .defaults
                ) { try $0.message }
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test func manyCallsInFlightOnOneConnectionAreEachAnswered() async throws {
        try await withServer { client, _ in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            let services = ["", "startup", "liveness", "inference.GRPCInferenceService"]
            try await withThrowingTaskGroup(of: Grpc_Health_V1_HealthCheckResponse.ServingStatus.self) { group in
                for index in 0..<200 { group.addTask { try await health.check(.with { $0.service = services[index % 4] }).status } }
                var answered = 0
                for try await status in group {
                    #expect(status == .serving)
                    answered += 1
                }
                #expect(answered == 200)
            }
        }
    }
}
