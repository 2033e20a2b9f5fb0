import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// Reads a protobuf message no larger than `limit` bytes; a larger one is refused `RESOURCE_EXHAUSTED`, saying the
/// limit. The transport itself cuts a message only past twice the limit (``GRPCFrontEnd``), where it can say no more
/// than that it failed to decode it: up to there, the caller learns what is wrong.
struct SizeLimitedDeserializer<Message: SwiftProtobuf.Message>: MessageDeserializer {
    let limit: Int

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        guard serializedMessageBytes.count <= limit else {
            throw RPCError(
                code: .resourceExhausted,
                message: "the message is \(serializedMessageBytes.count) bytes; the limit is \(limit) (GRPC_MAX_MESSAGE_BYTES)"
            )
        }
        return try ProtobufDeserializer<Message>().deserialize(serializedMessageBytes)
    }
}

/// The inference service, with its one message that may be large, `ModelInferRequest`, read within the limit.
struct SizeLimitedInferenceService: RegistrableRPCService {
    let service: InferenceService
    let limit: Int

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        service.registerMethods(with: &router)
        router.registerHandler(
            forMethod: Inference_GRPCInferenceService.Method.ModelInfer.descriptor,
            deserializer: SizeLimitedDeserializer<Inference_ModelInferRequest>(limit: limit),
            serializer: ProtobufSerializer<Inference_ModelInferResponse>(),
            handler: { [service] request, context in try await service.modelInfer(request: request, context: context) }
        )
    }
}
