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

/// `GET /v2/models`: every model, as Triton's repository index lists them.
struct ModelIndex: ResponseEncodable {
    struct Entry: Encodable {
        var name: String
        var version: String
        var state = "READY"
    }

    var models: [Entry]
}

/// `GET /v2/models/{model}`: one input `text` (BYTES, any count), one output `rating` (FP32, as many).
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

    init(_ descriptor: ModelDescriptor) {
        name = descriptor.name
        versions = [descriptor.version]
        platform = "jokemeter/\(descriptor.kind)"
    }
}

/// The answer of `infer`: the ratings as the FP32 output `rating`, in JSON or, when asked, as raw
/// little-endian floats after the JSON (the binary tensor extension).
struct InferenceAnswer: Encodable {
    struct Output: Encodable {
        var name = InferenceTensor.output
        var datatype = "FP32"
        var shape: [Int]
        var data: [Float]?
        var parameters: [String: Int]?
    }

    var id: String?
    var modelName: String
    var modelVersion: String
    var outputs: [Output]
    private let binary: [Float]?

    init(input: InferenceRequest, model: ModelDescriptor, ratings: [Float]) {
        id = input.id
        modelName = model.name
        modelVersion = model.version
        binary = input.binaryOutput ? ratings : nil
        outputs = [
            Output(
                shape: [ratings.count],
                data: input.binaryOutput ? nil : ratings,
                parameters: input.binaryOutput ? ["binary_data_size": ratings.count * MemoryLayout<Float>.size] : nil
            )
        ]
    }

    enum CodingKeys: String, CodingKey {
        case id, outputs
        case modelName = "model_name"
        case modelVersion = "model_version"
    }

    /// The HTTP answer: JSON, or JSON and then the binary tensor.
    func response(context: AppRequestContext) throws -> Response {
        var body = ByteBuffer(bytes: try context.responseEncoder.encode(self))
        var fields = HTTPFields()
        guard let binary else {
            fields[.contentType] = .jsonContentType
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
        }
        fields[.inferenceHeaderContentLength] = String(body.readableBytes)
        fields[.contentType] = "application/octet-stream"
        for rating in binary {
            body.writeInteger(rating.bitPattern, endianness: .little)
        }
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
