import Hummingbird
import Registry

/// A checked Open Inference Protocol infer request: the texts of its one input, `text`, a BYTES tensor of
/// shape `[N]` or `[N, 1]` whose data is flat or a column (rows of one text), in JSON or in the binary tensor
/// extension's form.
package struct InferenceRequest: Sendable, Equatable {
    /// The request's `id`, echoed in the answer.
    package var id: String?
    /// The texts, in order.
    package var texts: [String]
    /// The outputs to answer, in the order asked: `rating` alone when the request names none.
    package var outputs: [RequestedOutput]

    /// One output to answer.
    package struct RequestedOutput: Sendable, Equatable {
        /// ``InferenceTensor/output`` or ``InferenceTensor/embedding``.
        package var name: String
        /// Whether it goes back as raw little-endian FP32 after the JSON (binary tensor extension).
        package var binary: Bool
    }

    /// Whether the request asks for the output `name`.
    package func asks(for name: String) -> Bool { outputs.contains { $0.name == name } }

    /// Checks the JSON `header` against a model that gives the outputs `offered`; `binary` holds the bytes after
    /// it when the request used the binary tensor extension (`Inference-Header-Content-Length`). Every error is a
    /// 400 saying what is wrong.
    init(
        header: [String: JSONValue],
        binary: ByteBuffer?,
        limits: InputLimits,
        offered: [String] = [InferenceTensor.output]
    ) throws(GatewayError) {
        switch header["id"] {
        case nil, .null?: id = nil
        case .string(let id)?: self.id = id
        case .some: throw .invalidTensor("\"id\" must be a string")
        }
        let parameters = try Self.parameters(header["parameters"], of: "the request")
        guard case .array(let inputs)? = header["inputs"], !inputs.isEmpty else {
            throw .invalidTensor("\"inputs\" must be an array holding the one input \"text\"")
        }
        guard inputs.count == 1, case .object(let input) = inputs[0] else {
            throw .invalidTensor("the model takes one input, \"text\"; the request has \(inputs.count)")
        }
        var binary = binary
        texts = try Self.texts(of: input, binary: &binary, limits: limits)
        if let left = binary?.readableBytes, left > 0 {
            throw .invalidTensor("\(left) bytes follow the JSON that no input's \"binary_data_size\" claims")
        }
        let binaryOutput = parameters["binary_data_output"] == .bool(true)
        outputs = try Self.outputs(header["outputs"], offered: offered, binaryByDefault: binaryOutput)
    }

    /// The outputs the request names, each one the model gives, or `rating` alone when it names none.
    private static func outputs(_ value: JSONValue?, offered: [String], binaryByDefault: Bool) throws(GatewayError) -> [RequestedOutput] {
        let fallback = [RequestedOutput(name: InferenceTensor.output, binary: binaryByDefault)]
        switch value {
        case nil, .null?: return fallback
        case .array(let requested)?:
            var outputs: [RequestedOutput] = []
            for output in requested {
                guard case .object(let output) = output else { throw .invalidTensor("each of \"outputs\" must be an object") }
                guard case .string(let name)? = output["name"], offered.contains(name) else {
                    let gives = offered.map { "\"\($0)\"" }.joined(separator: " and ")
                    throw .invalidTensor("unknown output \(output["name"].map { "\"\($0)\"" } ?? "without a name"); the model gives \(gives)")
                }
                var binary = binaryByDefault
                if let binaryData = try Self.parameters(output["parameters"], of: "output \"\(name)\"")["binary_data"] {
                    guard case .bool(let wanted) = binaryData else { throw .invalidTensor("\"binary_data\" must be true or false") }
                    binary = wanted
                }
                // Named again, it is answered once, where first named, as the last naming asks.
                if let earlier = outputs.firstIndex(where: { $0.name == name }) {
                    outputs[earlier].binary = binary
                } else {
                    outputs.append(RequestedOutput(name: name, binary: binary))
                }
            }
            return outputs.isEmpty ? fallback : outputs
        case .some: throw .invalidTensor("\"outputs\" must be an array")
        }
    }

    private static func parameters(_ value: JSONValue?, of owner: String) throws(GatewayError) -> [String: JSONValue] {
        switch value {
        case nil, .null?: [:]
        case .object(let parameters)?: parameters
        case .some: throw .invalidTensor("the \"parameters\" of \(owner) must be an object")
        }
    }

    /// The input's texts, after checking its name, datatype, shape and data against each other.
    private static func texts(of input: [String: JSONValue], binary: inout ByteBuffer?, limits: InputLimits) throws(GatewayError) -> [String] {
        guard input["name"] == .string(InferenceTensor.input) else {
            throw .invalidTensor("unknown input \(input["name"].map { "\"\($0)\"" } ?? "without a name"); the model takes \"text\"")
        }
        guard input["datatype"] == .string("BYTES") else {
            throw .invalidTensor("input \"text\" must have datatype BYTES, not \(input["datatype"].map { "\($0)" } ?? "none")")
        }
        let shape = try Self.shape(input["shape"])
        let count = shape.reduce(1, *)
        guard count > 0 else { throw .invalidTensor("input \"text\" holds no texts (shape \(shape))") }
        guard count <= limits.maxBatchSize else {
            throw .invalidTensor("input \"text\" holds \(count) texts; the limit is \(limits.maxBatchSize)")
        }
        let elements: [JSONValue]
        if let size = try Self.parameters(input["parameters"], of: "input \"text\"")["binary_data_size"] {
            guard case .number(let bytes) = size, bytes >= 0, bytes == bytes.rounded(), bytes <= Double(Int32.max) else {
                throw .invalidTensor("\"binary_data_size\" must be a whole number of bytes")
            }
            guard binary != nil else {
                throw .invalidTensor("input \"text\" has \"binary_data_size\", but the body is JSON alone (no Inference-Header-Content-Length)")
            }
            guard var section = binary?.readSlice(length: Int(bytes)) else {
                throw .invalidTensor("input \"text\" says \(Int(bytes)) binary bytes, but fewer follow the JSON")
            }
            elements = try Self.binaryStrings(&section)
        } else {
            guard case .array(let data)? = input["data"] else { throw .invalidTensor("input \"text\" needs \"data\": an array of strings") }
            elements = try Self.column(data)
        }
        guard elements.count == count else {
            throw .invalidTensor("input \"text\" has shape \(shape), which holds \(count) elements, but its data has \(elements.count)")
        }
        var texts: [String] = []
        texts.reserveCapacity(count)
        for (index, element) in elements.enumerated() {
            do {
                texts.append(try limits.text(element, field: "text[\(index)]"))
            } catch {
                throw .invalidTensor(error.message)
            }
        }
        return texts
    }

    /// `[N]` or `[N, 1]`: whole numbers, at least 0.
    private static func shape(_ value: JSONValue?) throws(GatewayError) -> [Int] {
        guard case .array(let dimensions)? = value, (1...2).contains(dimensions.count) else {
            throw .invalidTensor("input \"text\" needs \"shape\" [N] or [N, 1]")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .number(let number) = dimension, number >= 0, number == number.rounded(), number <= 1e9 else {
                throw .invalidTensor("the dimensions of \"shape\" must be whole numbers, at least 0")
            }
            shape.append(Int(number))
        }
        guard shape.count == 1 || shape[1] == 1 else { throw .invalidTensor("input \"text\" needs \"shape\" [N] or [N, 1], not \(shape)") }
        return shape
    }

    /// The elements of `data`: flat, or a column of rows of one text each (`[N, 1]`'s own nesting, which numpy's
    /// `tolist()` gives; taken under `[N]` too). Triton reads any nesting row-major, but no client sends another one,
    /// and a schema cannot count the texts of nested arrays: refused here, the OpenAPI document says exactly what
    /// passes (an empty row or a row of two is no column).
    private static func column(_ data: [JSONValue]) throws(GatewayError) -> [JSONValue] {
        guard data.contains(where: { if case .array = $0 { true } else { false } }) else { return data }
        var elements: [JSONValue] = []
        elements.reserveCapacity(data.count)
        for (index, row) in data.enumerated() {
            guard case .array(let row) = row, row.count == 1 else {
                let item: String
                switch row {
                case .array(let row): item = row.isEmpty ? "an empty row" : "a row of \(row.count)"
                default: item = "not a row"
                }
                throw .invalidTensor(
                    "the \"data\" of input \"text\" must be flat, or rows of one text each ([[\"a\"], [\"b\"]]); item \(index) is \(item)"
                )
            }
            elements.append(row[0])
        }
        return elements
    }

    /// The binary tensor extension's BYTES: each element a little-endian 32-bit length, then that many bytes of UTF-8.
    private static func binaryStrings(_ section: inout ByteBuffer) throws(GatewayError) -> [JSONValue] {
        var elements: [JSONValue] = []
        while section.readableBytes > 0 {
            guard let length = section.readInteger(endianness: .little, as: UInt32.self), let bytes = section.readSlice(length: Int(length)) else {
                throw .invalidTensor("the binary data of input \"text\" ends inside an element")
            }
            guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
                throw .invalidTensor("element \(elements.count) of input \"text\" is not valid UTF-8")
            }
            elements.append(.string(text))
        }
        return elements
    }
}

/// The names of the tensors under the Open Inference Protocol: the one input and the one output every model has,
/// and the output of a model that gives embeddings.
package enum InferenceTensor {
    /// The input: the texts to rate, BYTES.
    package static let input = "text"
    /// The output: their ratings, FP32.
    package static let output = "rating"
    /// The output of an ``EmbeddingOutputModel``, when asked for: the texts' embeddings, FP32 `[N, dimension]`.
    package static let embedding = "embedding"
}
