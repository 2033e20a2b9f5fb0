import GRPCCore
import Registry

/// The Open Inference Protocol over gRPC (`inference.GRPCInferenceService`, Triton's definition): health, metadata,
/// configuration, statistics, `ModelInfer` and the model repository, over the same serving core as `/v2`. A
/// front-end: it reads and answers messages; the store, the rater, the executors and the reloader do the rest.
///
/// Triton's other RPCs (shared memory, trace and log settings, streaming inference) answer `UNIMPLEMENTED`.
struct InferenceService: Inference_GRPCInferenceService.ServiceProtocol {
    let store: ModelStore
    let readiness: Readiness
    let limits: InputLimits
    let rater: Rater
    /// Loads and unloads models for the repository RPCs; nil when the server has no models folder.
    let reloader: ModelReloader?
    let adminToken: AdminToken
    let serverVersion: String

    func serverLive(
        request: ServerRequest<Inference_ServerLiveRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ServerLiveResponse> {
        ServerResponse(message: .with { $0.live = true })
    }

    func serverReady(
        request: ServerRequest<Inference_ServerReadyRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ServerReadyResponse> {
        ServerResponse(message: .with { $0.ready = readiness.current == .ready })
    }

    /// Ready when the model (at the version asked, else the served one) is loaded and the models are warm; an
    /// unknown model is not ready, as Triton answers.
    func modelReady(
        request: ServerRequest<Inference_ModelReadyRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ModelReadyResponse> {
        let known = (try? model(request.message.name, version: request.message.version)) != nil
        return ServerResponse(message: .with { $0.ready = known && readiness.current != .starting })
    }

    func serverMetadata(
        request: ServerRequest<Inference_ServerMetadataRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ServerMetadataResponse> {
        ServerResponse(
            message: .with {
                $0.name = "jokemeter"
                $0.version = serverVersion
                $0.extensions = ["model_repository", "statistics", "model_configuration"]
            }
        )
    }

    func modelMetadata(
        request: ServerRequest<Inference_ModelMetadataRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ModelMetadataResponse> {
        let models = store.current
        let model = try model(request.message.name, version: request.message.version, in: models)
        let metadata = ModelMetadata(model, versions: models.versions(of: model.descriptor.name))
        return ServerResponse(message: Inference_ModelMetadataResponse(metadata), metadata: .naming(model))
    }

    func modelInfer(
        request: ServerRequest<Inference_ModelInferRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ModelInferResponse> {
        let message = request.message
        let models = store.current
        let model = try model(message.modelName, version: message.modelVersion, in: models)
        do throws(RPCError) {
            guard readiness.current != .starting else { throw RPCError.unavailable(.starting) }
            let input = try InferenceRequest(grpc: message, limits: limits, offered: ModelMetadata.outputNames(of: model))
            let deadline = RPCCaller.deadline ?? request.metadata.deadline
            let shadow = rater.shadow(of: model, in: models)
            let rate = { @Sendable [rater] () async throws(ServingError) -> InferenceOutputs in
                try await rater.infer(input, with: model, shadow: shadow, deadline: deadline)
            }
            let outputs: InferenceOutputs
            do {
                // A model rated inline answers at once; queued work is dropped once its caller is gone.
                outputs = try await rater.executors.executor(for: model) == nil ? rate() : RPCCaller.cancellable(rate)
            } catch {
                throw RPCError(error)
            }
            let answer = Inference_ModelInferResponse(input: input, model: model.descriptor, outputs: outputs)
            return ServerResponse(message: answer, metadata: .naming(model))
        } catch {
            var error = error
            error.metadata.add(contentsOf: .naming(model))
            throw error
        }
    }

    func modelStreamInfer(
        request: StreamingServerRequest<Inference_ModelInferRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Inference_ModelStreamInferResponse> {
        throw Self.unimplemented("ModelStreamInfer (decoupled, streaming inference)")
    }

    func modelConfig(
        request: ServerRequest<Inference_ModelConfigRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ModelConfigResponse> {
        let models = store.current
        let model = try model(request.message.name, version: request.message.version, in: models)
        let served = models.model(named: model.descriptor.name)?.descriptor.version ?? model.descriptor.version
        let config = TritonModelConfig(model, served: served, execution: rater.executors.executor(for: model)?.settings)
        return ServerResponse(message: .with { $0.config = Inference_ModelConfig(config) }, metadata: .naming(model))
    }

    /// Every version of every loaded model, or those of the model (and version) named; an unknown one is `NOT_FOUND`.
    func modelStatistics(
        request: ServerRequest<Inference_ModelStatisticsRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_ModelStatisticsResponse> {
        let models = store.current
        let name = request.message.name
        let version = request.message.version
        var chosen = models.allModels
        if !name.isEmpty {
            let model = try model(name, version: version, in: models)
            chosen = version.isEmpty ? chosen.filter { $0.descriptor.name == name } : [model]
        }
        let counts = rater.metrics.statistics.snapshot()
        let statistics = chosen.map { model in
            Inference_ModelStatistics(model.descriptor, counts: counts[ModelLabels(model.descriptor)] ?? InferenceStatistics.Counts())
        }
        return ServerResponse(message: .with { $0.modelStats = statistics })
    }

    func repositoryIndex(
        request: ServerRequest<Inference_RepositoryIndexRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_RepositoryIndexResponse> {
        let reloader = try admin(request.metadata)
        let entries: [RepositoryIndex.Entry]
        do {
            entries = try await reloader.repositoryIndex()
        } catch {
            throw RPCError(error)
        }
        let listed = request.message.ready ? entries.filter { $0.state == RepositoryIndex.ready } : entries
        return ServerResponse(
            message: .with {
                $0.models = listed.map { entry in
                    .with {
                        $0.name = entry.name
                        $0.version = entry.version ?? ""
                        $0.state = entry.state
                        $0.reason = entry.reason
                    }
                }
            }
        )
    }

    func repositoryModelLoad(
        request: ServerRequest<Inference_RepositoryModelLoadRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_RepositoryModelLoadResponse> {
        let reloader = try admin(request.metadata)
        if let override = request.message.parameters.keys.sorted().first(where: { $0 == "config" || $0.hasPrefix("file:") }) {
            throw RPCError.invalidArgument("\"\(override)\" is not supported: a model loads from its artifacts in the models folder, as they are")
        }
        do {
            _ = try await reloader.loadModel(request.message.modelName)
        } catch {
            throw RPCError(error)
        }
        return ServerResponse(message: Inference_RepositoryModelLoadResponse())
    }

    func repositoryModelUnload(
        request: ServerRequest<Inference_RepositoryModelUnloadRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_RepositoryModelUnloadResponse> {
        let reloader = try admin(request.metadata)
        do {
            _ = try await reloader.unloadModel(request.message.modelName)
        } catch {
            throw RPCError(error)
        }
        return ServerResponse(message: Inference_RepositoryModelUnloadResponse())
    }

    func systemSharedMemoryStatus(
        request: ServerRequest<Inference_SystemSharedMemoryStatusRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_SystemSharedMemoryStatusResponse> {
        throw Self.unimplemented("system shared memory")
    }

    func systemSharedMemoryRegister(
        request: ServerRequest<Inference_SystemSharedMemoryRegisterRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_SystemSharedMemoryRegisterResponse> {
        throw Self.unimplemented("system shared memory")
    }

    func systemSharedMemoryUnregister(
        request: ServerRequest<Inference_SystemSharedMemoryUnregisterRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_SystemSharedMemoryUnregisterResponse> {
        throw Self.unimplemented("system shared memory")
    }

    func cudaSharedMemoryStatus(
        request: ServerRequest<Inference_CudaSharedMemoryStatusRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_CudaSharedMemoryStatusResponse> {
        throw Self.unimplemented("CUDA shared memory")
    }

    func cudaSharedMemoryRegister(
        request: ServerRequest<Inference_CudaSharedMemoryRegisterRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_CudaSharedMemoryRegisterResponse> {
        throw Self.unimplemented("CUDA shared memory")
    }

    func cudaSharedMemoryUnregister(
        request: ServerRequest<Inference_CudaSharedMemoryUnregisterRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_CudaSharedMemoryUnregisterResponse> {
        throw Self.unimplemented("CUDA shared memory")
    }

    func traceSetting(
        request: ServerRequest<Inference_TraceSettingRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_TraceSettingResponse> {
        throw Self.unimplemented("trace settings")
    }

    func logSettings(
        request: ServerRequest<Inference_LogSettingsRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Inference_LogSettingsResponse> {
        throw Self.unimplemented("log settings")
    }

    /// The model `name` at `version` (the served one when empty), or `NOT_FOUND` naming what is loaded.
    private func model(_ name: String, version: String, in models: ModelRegistry? = nil) throws(RPCError) -> any TextModel {
        do {
            return try (models ?? store.current).model(ModelReference(name: name, version: version.isEmpty ? nil : version))
        } catch {
            throw RPCError(error)
        }
    }

    /// The reloader, once the caller's `authorization` metadata holds the admin token.
    private func admin(_ metadata: Metadata) throws(RPCError) -> ModelReloader {
        do {
            try adminToken.check(credentials: metadata.first("authorization"))
        } catch {
            throw RPCError(error)
        }
        guard let reloader else {
            throw RPCError(RepositoryError.noFolder("this server cannot change its models: it was built without a models folder"))
        }
        return reloader
    }

    private static func unimplemented(_ what: String) -> RPCError {
        RPCError(code: .unimplemented, message: "\(what) is not supported by this server")
    }
}
