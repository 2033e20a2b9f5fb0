import Hummingbird
import Registry

/// `GET /v2/models/{model}[/versions/{version}]/config`: the model's configuration as Triton's `ModelConfig`
/// reads in JSON, which tritonclient's `get_model_config` returns and perf_analyzer needs before its first request.
///
/// `max_batch_size` is 0: the one input `text` (TYPE_STRING) holds any number of texts (`dims [-1]`), and each
/// output has as many rows, as the model metadata's shapes say; Triton leaves the batch dimension out of `dims`
/// only when `max_batch_size` is above 0. Where the model rates (inline, or on threads of its own with a queue and
/// batches) is told in `instance_group` and `parameters`.
struct TritonModelConfig: ResponseEncodable {
    struct Tensor: Encodable {
        var name: String
        var dataType: String
        var dims: [Int]
        var format: String?
        var isShapeTensor = false
        var optional: Bool?

        enum CodingKeys: String, CodingKey {
            case name, dims, format, optional
            case dataType = "data_type"
            case isShapeTensor = "is_shape_tensor"
        }
    }

    struct InstanceGroup: Encodable {
        var name: String
        var kind = "KIND_CPU"
        var count: Int
    }

    struct Parameter: Encodable {
        var stringValue: String

        enum CodingKeys: String, CodingKey { case stringValue = "string_value" }
    }

    /// Every version in the folder is served (Triton's `all`); one without a version in its path gets the
    /// served version (the pinned one, else the newest), named in `parameters`.
    struct VersionPolicy: Encodable {
        struct All: Encodable {}

        var all = All()
    }

    struct TransactionPolicy: Encodable {
        var decoupled = false
    }

    var name: String
    var platform: String
    var backend = "jokemeter"
    var versionPolicy = VersionPolicy()
    var maxBatchSize = 0
    var input: [Tensor]
    var output: [Tensor]
    var instanceGroup: [InstanceGroup]
    var parameters: [String: Parameter]
    var modelTransactionPolicy = TransactionPolicy()

    enum CodingKeys: String, CodingKey {
        case name, platform, backend, input, output, parameters
        case versionPolicy = "version_policy"
        case maxBatchSize = "max_batch_size"
        case instanceGroup = "instance_group"
        case modelTransactionPolicy = "model_transaction_policy"
    }

    /// The configuration of `model`, rating inline or with `execution` (its effective settings), beside the
    /// `served` version of its name.
    init(_ model: any TextModel, served: String, execution: DedicatedExecution?) {
        let descriptor = model.descriptor
        let metadata = ModelMetadata(model, versions: [descriptor.version])
        name = descriptor.name
        platform = metadata.platform
        input = metadata.inputs.map {
            Tensor(name: $0.name, dataType: Self.configType(of: $0.datatype), dims: $0.shape, format: "FORMAT_NONE", optional: false)
        }
        output = metadata.outputs.map { Tensor(name: $0.name, dataType: Self.configType(of: $0.datatype), dims: $0.shape) }
        instanceGroup = [InstanceGroup(name: descriptor.name, count: execution?.threads ?? 1)]
        var parameters = [
            "version": Parameter(stringValue: descriptor.version), "served_version": Parameter(stringValue: served),
            "kind": Parameter(stringValue: descriptor.kind),
        ]
        if let execution {
            parameters["execution"] = Parameter(
                stringValue: "dedicated threads=\(execution.threads) queue=\(execution.queueLimit) batch=\(execution.maxBatchSize)"
                    + (execution.maxBatchTokens == .max ? "" : " batch-tokens=\(execution.maxBatchTokens)")
                    + " delay-ms=\(execution.maxBatchDelay.milliseconds) timeout-ms=\(execution.timeout.milliseconds)"
            )
        } else {
            parameters["execution"] = Parameter(stringValue: "inline")
        }
        self.parameters = parameters
    }
}

extension TritonModelConfig {
    /// The configuration's name of a metadata datatype: BYTES is TYPE_STRING, the others TYPE_ and their name.
    static func configType(of datatype: String) -> String { datatype == "BYTES" ? "TYPE_STRING" : "TYPE_" + datatype }
}

extension Duration {
    /// Whole milliseconds.
    fileprivate var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
