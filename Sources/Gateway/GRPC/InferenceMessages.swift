import Foundation
import Registry

extension Inference_ModelInferResponse {
    /// The answer to `input`: each output asked for as raw little-endian FP32 contents, as Triton answers (the
    /// ratings as `rating` `[N]`, the embeddings as `embedding` `[N, dimension]`), in the order asked.
    init(input: InferenceRequest, model: ModelDescriptor, outputs given: InferenceOutputs) {
        self.init()
        id = input.id ?? ""
        modelName = model.name
        modelVersion = model.version
        for requested in input.outputs {
            var tensor = InferOutputTensor()
            tensor.name = requested.name
            tensor.datatype = "FP32"
            if requested.name == InferenceTensor.embedding {
                tensor.shape = [Int64(given.ratings.count), Int64(given.dimension)]
                rawOutputContents.append(Self.littleEndian(given.embeddings))
            } else {
                tensor.shape = [Int64(given.ratings.count)]
                rawOutputContents.append(Self.littleEndian(given.ratings))
            }
            outputs.append(tensor)
        }
    }

    /// `values` as consecutive little-endian FP32.
    private static func littleEndian(_ values: [Float]) -> Data {
        var data = Data(count: values.count * MemoryLayout<Float>.size)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in values.enumerated() {
                bytes.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * MemoryLayout<Float>.size, as: UInt32.self)
            }
        }
        return data
    }
}

extension Inference_ModelMetadataResponse {
    /// The metadata of `model` as the REST route gives it (``ModelMetadata``).
    init(_ metadata: ModelMetadata) {
        self.init()
        name = metadata.name
        versions = metadata.versions
        platform = metadata.platform
        inputs = metadata.inputs.map(TensorMetadata.init)
        outputs = metadata.outputs.map(TensorMetadata.init)
    }
}

extension Inference_ModelMetadataResponse.TensorMetadata {
    init(_ tensor: ModelMetadata.Tensor) {
        self.init()
        name = tensor.name
        datatype = tensor.datatype
        shape = tensor.shape.map(Int64.init)
    }
}

extension Inference_ModelConfig {
    /// The configuration the REST route gives (``TritonModelConfig``), as Triton's protobuf message.
    init(_ config: TritonModelConfig) {
        self.init()
        name = config.name
        platform = config.platform
        backend = config.backend
        versionPolicy.all = Inference_ModelVersionPolicy.All()
        maxBatchSize = Int32(config.maxBatchSize)
        input = config.input.map { tensor in
            var input = Inference_ModelInput()
            input.name = tensor.name
            input.dataType = Self.dataType(tensor.dataType)
            input.format = .none
            input.dims = tensor.dims.map(Int64.init)
            return input
        }
        output = config.output.map { tensor in
            var output = Inference_ModelOutput()
            output.name = tensor.name
            output.dataType = Self.dataType(tensor.dataType)
            output.dims = tensor.dims.map(Int64.init)
            return output
        }
        instanceGroup = config.instanceGroup.map { group in
            var instances = Inference_ModelInstanceGroup()
            instances.name = group.name
            instances.kind = .cpu
            instances.count = Int32(group.count)
            return instances
        }
        parameters = config.parameters.mapValues { parameter in
            var value = Inference_ModelParameter()
            value.stringValue = parameter.stringValue
            return value
        }
        modelTransactionPolicy.decoupled = config.modelTransactionPolicy.decoupled
    }

    /// The enum of a configuration's type name (``TritonModelConfig/configType(of:)``): the two our tensors have.
    private static func dataType(_ name: String) -> Inference_DataType {
        switch name {
        case "TYPE_STRING": .typeString
        case "TYPE_FP32": .typeFp32
        default: .typeInvalid
        }
    }
}

extension Inference_ModelStatistics {
    /// `model`'s statistics from `counts` (all zero before it was asked anything).
    init(_ model: ModelDescriptor, counts: InferenceStatistics.Counts) {
        self.init()
        name = model.name
        version = model.version
        lastInference = counts.lastInference
        inferenceCount = counts.inferences
        executionCount = counts.executions
        inferenceStats.success = Inference_StatisticDuration(counts.success)
        inferenceStats.fail = Inference_StatisticDuration(counts.failure)
        inferenceStats.queue = Inference_StatisticDuration(counts.queue)
        inferenceStats.computeInfer = Inference_StatisticDuration(counts.compute)
        inferenceStats.computeInput = Inference_StatisticDuration()
        inferenceStats.computeOutput = Inference_StatisticDuration()
        inferenceStats.cacheHit = Inference_StatisticDuration()
        inferenceStats.cacheMiss = Inference_StatisticDuration()
    }
}

extension Inference_StatisticDuration {
    init(_ duration: InferenceStatistics.Duration) {
        self.init()
        count = duration.count
        ns = duration.nanoseconds
    }
}
