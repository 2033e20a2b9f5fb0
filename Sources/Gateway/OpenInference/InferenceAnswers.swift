import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Registry

/// `GET /v2`.
struct ServerMetadata: ResponseEncodable {
    var name = "jokemeter"
    var version: String
    var extensions = ["binary_tensor_data"]
}

/// `GET /v2/health/live`.
struct Live: ResponseEncodable {
    var live = true
}

/// `GET /v2/health/ready` while ready.
struct Ready: ResponseEncodable {
    var ready = true
}

/// `GET /v2/models/{model}/ready` while ready.
struct ModelReady: ResponseEncodable {
    var name: String
    var ready = true
}

/// `GET /v2/models`: every version of every model, as Triton's repository index lists them.
struct ModelIndex: ResponseEncodable {
    struct Entry: Encodable {
        var name: String
        var version: String
        var state = "READY"
    }

    var models: [Entry]
}

/// `GET /v2/models/{model}`: one input `text` (BYTES, any count), one output `rating` (FP32, as many), and for a
/// model that gives embeddings the output `embedding` (FP32, a row of its dimension per text).
struct ModelMetadata: ResponseEncodable {
    struct Tensor: Encodable {
        var name: String
        var datatype: String
        var shape = [-1]
    }

    var name: String
    var versions: [String]
    var platform: String
    var inputs = [Tensor(name: InferenceTensor.input, datatype: "BYTES")]
    var outputs = [Tensor(name: InferenceTensor.output, datatype: "FP32")]

    /// The metadata of `model`, whose name has `versions`.
    init(_ model: any TextModel, versions: [String]) {
        name = model.descriptor.name
        self.versions = versions
        platform = "jokemeter/\(model.descriptor.kind)"
        if let embedder = model as? any EmbeddingOutputModel {
            outputs.append(Tensor(name: InferenceTensor.embedding, datatype: "FP32", shape: [-1, embedder.embeddingDimension]))
        }
    }

    /// The outputs a request may ask `model` for.
    static func outputNames(of model: any TextModel) -> [String] {
        model is any EmbeddingOutputModel ? [InferenceTensor.output, InferenceTensor.embedding] : [InferenceTensor.output]
    }
}

/// The answer of `infer`: the outputs asked for (the ratings as the FP32 output `rating`, the embeddings as
/// `embedding`), each in JSON or, when asked, as raw little-endian floats after the JSON (the binary tensor
/// extension), in the order of the outputs.
struct InferenceAnswer: Encodable {
    struct Output: Encodable {
        var name: String
        var datatype = "FP32"
        var shape: [Int]
        var data: [Float]?
        var parameters: [String: Int]?
    }

    var id: String?
    var modelName: String
    var modelVersion: String
    var outputs: [Output]
    /// The values that follow the JSON, output after output.
    private var binary: [Float] = []
    private var anyBinary = false

    /// The answer to `input`: the ratings of `outputs`, and their embeddings when it asked for them.
    init(input: InferenceRequest, model: ModelDescriptor, outputs given: InferenceOutputs) {
        id = input.id
        modelName = model.name
        modelVersion = model.version
        outputs = []
        for requested in input.outputs {
            let count = given.ratings.count
            let (values, shape) =
                requested.name == InferenceTensor.embedding ? (given.embeddings, [count, given.dimension]) : (given.ratings, [count])
            if requested.binary {
                anyBinary = true
                binary.append(contentsOf: values)
                outputs.append(Output(name: requested.name, shape: shape, parameters: ["binary_data_size": values.count * MemoryLayout<Float>.size]))
            } else {
                outputs.append(Output(name: requested.name, shape: shape, data: values))
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, outputs
        case modelName = "model_name"
        case modelVersion = "model_version"
    }

    /// The HTTP answer: JSON, or JSON and then the binary tensors.
    func response(context: AppRequestContext) throws -> Response {
        var body = ByteBuffer(bytes: try context.responseEncoder.encode(self))
        var fields = HTTPFields()
        guard anyBinary else {
            fields[.contentType] = .jsonContentType
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
        }
        fields[.inferenceHeaderContentLength] = String(body.readableBytes)
        fields[.contentType] = "application/octet-stream"
        body.reserveCapacity(minimumWritableBytes: binary.count * MemoryLayout<Float>.size)
        for value in binary {
            body.writeInteger(value.bitPattern, endianness: .little)
        }
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
