import GRPCCore

/// gRPC's health service (`grpc.health.v1.Health`), for Kubernetes' `grpc:` probes and health-checking clients, with
/// the HTTP probes' truth. The server as a whole (`""`) and the inference service by name are `SERVING` while ready,
/// `NOT_SERVING` while starting and from SIGTERM on (`/api/v1/ready`); `startup` is `SERVING` once the models are warm
/// (`/api/v1/startup`), and `liveness` whenever the process answers (`/api/v1/health`), so that a liveness probe
/// never restarts a pod that drains. Another name is unknown (`NOT_FOUND` to `Check`, `SERVICE_UNKNOWN` to `Watch`,
/// as the protocol says).
package struct HealthService: Grpc_Health_V1_Health.ServiceProtocol {
    let readiness: Readiness

    package init(readiness: Readiness) {
        self.readiness = readiness
    }

    /// The names whose health is told, each with its status in a life stage.
    static let services: [String: @Sendable (Readiness.State) -> Bool] = [
        "": { $0 == .ready },
        Inference_GRPCInferenceService.descriptor.fullyQualifiedService: { $0 == .ready },
        "startup": { $0 != .starting },
        "liveness": { _ in true },
    ]

    package func check(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        guard let serving = Self.services[request.message.service] else {
            throw RPCError(
                code: .notFound,
                message:
                    "unknown service \"\(request.message.service)\"; known: \(Self.services.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))"
            )
        }
        return ServerResponse(message: .with { $0.status = Self.status(serving(readiness.current)) })
    }

    package func list(
        request: ServerRequest<Grpc_Health_V1_HealthListRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthListResponse> {
        let state = readiness.current
        return ServerResponse(
            message: .with { response in
                for (service, serving) in Self.services { response.statuses[service] = .with { $0.status = Self.status(serving(state)) } }
            }
        )
    }

    /// The status now, then each change; the stream ends at SIGTERM, after the status it brings (no change follows
    /// it), so that watches never hold a drain open.
    package func watch(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        guard let serving = Self.services[request.message.service] else {
            return StreamingServerResponse { writer in
                try await writer.write(.with { $0.status = .serviceUnknown })
                return [:]
            }
        }
        let changes = readiness.changes()
        return StreamingServerResponse { writer in
            var sent: Grpc_Health_V1_HealthCheckResponse.ServingStatus?
            for await state in changes {
                let status = Self.status(serving(state))
                if status != sent { try await writer.write(.with { $0.status = status }) }
                sent = status
            }
            return [:]
        }
    }

    private static func status(_ serving: Bool) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        serving ? .serving : .notServing
    }
}
