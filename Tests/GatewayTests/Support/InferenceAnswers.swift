// The answers of the Open Inference Protocol's routes (/v2) and of the model repository extension, in the
// protocol's JSON shapes.

/// `GET /v2`.
struct ServerMetadata: Decodable, Sendable {
    var name: String
    var version: String
    var extensions: [String]
}

/// `GET /v2/health/live` (`live`), `/v2/health/ready` and `/v2/models/{model}/ready` (`ready`).
struct Health: Decodable, Sendable {
    var live: Bool?
    var ready: Bool?
}

/// `GET /v2/models`: each entry's fields as they are, so that a test can hold an entry to exactly its fields.
struct ModelIndex: Decodable, Sendable {
    var models: [[String: String]]
}

/// `GET /v2/models/{model}`.
struct ModelMetadata: Decodable, Sendable {
    struct Tensor: Decodable, Sendable {
        var name: String
        var datatype: String
        var shape: [Int]
    }

    var name: String
    var versions: [String]
    var platform: String
    var inputs: [Tensor]
    var outputs: [Tensor]
}

/// `GET /v2/models/{model}/config`: the model's configuration as Triton's `ModelConfig` reads in JSON.
struct ModelConfig: Decodable, Sendable {
    struct Tensor: Decodable, Sendable {
        var name: String
        var dataType: String
        var dims: [Int]

        enum CodingKeys: String, CodingKey {
            case name, dims
            case dataType = "data_type"
        }
    }

    var name: String
    var platform: String
    var maxBatchSize: Int
    var input: [Tensor]
    var output: [Tensor]
    /// Triton's policies by name (`all`), each an object of its settings: strings, when it has any.
    var versionPolicy: [String: [String: String]]
    /// Each parameter's `string_value` by its name.
    var parameters: [String: [String: String]]
    var modelTransactionPolicy: [String: Bool]

    enum CodingKeys: String, CodingKey {
        case name, platform, input, output, parameters
        case maxBatchSize = "max_batch_size"
        case versionPolicy = "version_policy"
        case modelTransactionPolicy = "model_transaction_policy"
    }
}

/// `POST /v2/models/{model}/infer`: the outputs asked for, each with its data in JSON or, for a binary output,
/// the size of its data after the JSON in `parameters`.
struct InferenceResponse: Decodable, Sendable {
    struct Output: Decodable, Sendable {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: [Double]?
        var parameters: [String: Int]?
    }

    var id: String?
    var modelName: String
    var modelVersion: String
    var outputs: [Output]

    enum CodingKeys: String, CodingKey {
        case id, outputs
        case modelName = "model_name"
        case modelVersion = "model_version"
    }
}

/// An entry of `POST /v2/repository/index`'s answer (an array of them).
struct RepositoryEntry: Decodable, Sendable {
    var name: String
    var version: String?
    var state: String
    /// Why it is not READY; empty when it is.
    var reason: String
}
