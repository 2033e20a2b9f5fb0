import GRPCCore

/// gRPC's health service (`grpc.health.v1.Health`), for Kubernetes' `grpc:` probes and health-checking clients, with
/// the HTTP probes' truth: `SERVING` while ready, `NOT_SERVING` while starting and from SIGTERM on. The server as a
/// whole (`""`) and the inference service by name have that status; another name is unknown (`NOT_FOUND` to `Check`,
/// `SERVICE_UNKNOWN` to `Watch`, as the protocol says).
struct HealthService: Grpc_Health_V1_Health.ServiceProtocol {
    let readiness: Readiness

    /// The services whose health is told: the server's, and the inference service's.
    static let services = ["", Inference_GRPCInferenceService.descriptor.fullyQualifiedService]

    func check(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        guard Self.services.contains(request.message.service) else {
            throw RPCError(
                code: .notFound,
                message: "unknown service \"\(request.message.service)\"; known: \(Self.services.map { "\"\($0)\"" }.joined(separator: ", "))"
            )
        }
        return ServerResponse(message: .with { $0.status = Self.status(readiness.current) })
    }

    func list(
        request: ServerRequest<Grpc_Health_V1_HealthListRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthListResponse> {
        let status = Self.status(readiness.current)
        return ServerResponse(
            message: .with { response in
                for service in Self.services { response.statuses[service] = .with { $0.status = status } }
            }
        )
    }

    /// The status now, then each change; the stream ends after `NOT_SERVING` on SIGTERM (no change follows it), so
    /// that watches never hold a drain open.
    func watch(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        guard Self.services.contains(request.message.service) else {
            return StreamingServerResponse { writer in
                try await writer.write(.with { $0.status = .serviceUnknown })
                return [:]
            }
        }
        let changes = readiness.changes()
        return StreamingServerResponse { writer in
            var sent: Grpc_Health_V1_HealthCheckResponse.ServingStatus?
            for await state in changes {
                let status = Self.status(state)
                if status != sent { try await writer.write(.with { $0.status = status }) }
                sent = status
            }
            return [:]
        }
    }

    static func status(_ state: Readiness.State) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        state == .ready ? .serving : .notServing
    }
}
