import Foundation
import GRPCCore

extension InferenceRequest {
    /// Checks a gRPC `ModelInferRequest` against a model that gives the outputs `offered`, as the REST route checks its
    /// JSON: one input `text`, BYTES, shape `[N]` or `[N, 1]`, its texts in `raw_input_contents` (each a 4-byte
    /// little-endian length, then the bytes: what tritonclient sends) or in `contents.bytes_contents`. Every error is
    /// `INVALID_ARGUMENT` saying what is wrong.
    package init(grpc request: Inference_ModelInferRequest, limits: InputLimits, offered: [String]) throws(RPCError) {
        id = request.id.isEmpty ? nil : request.id
        guard request.inputs.count == 1 else {
            throw .invalidArgument("the model takes one input, \"\(InferenceTensor.input)\"; the request has \(request.inputs.count)")
        }
        let input = request.inputs[0]
        guard input.name == InferenceTensor.input else {
            throw .invalidArgument("unknown input \"\(input.name)\"; the model takes \"\(InferenceTensor.input)\"")
        }
        guard input.datatype == "BYTES" else {
            throw .invalidArgument("input \"text\" must have datatype BYTES, not \(input.datatype.isEmpty ? "none" : input.datatype)")
        }
        let count = try Self.count(shape: input.shape, limits: limits)
        let elements: [Data]
        if !request.rawInputContents.isEmpty {
            guard request.rawInputContents.count == 1 else {
                throw .invalidArgument("raw_input_contents has \(request.rawInputContents.count) entries; the request has one input")
            }
            guard !input.hasContents else {
                throw .invalidArgument("input \"text\" has both contents and raw_input_contents; send one")
            }
            elements = try Self.rawStrings(request.rawInputContents[0])
        } else {
            elements = input.contents.bytesContents
        }
        guard elements.count == count else {
            throw .invalidArgument(
                "input \"text\" has shape \(input.shape), which holds \(count) elements, but its data has \(elements.count)"
            )
        }
        var texts: [String] = []
        texts.reserveCapacity(count)
        for (index, element) in elements.enumerated() {
            guard let text = String(validating: element, as: UTF8.self) else {
                throw .invalidArgument("element \(index) of input \"text\" is not valid UTF-8")
            }
            if let refusal = limits.refusal(of: text, field: "text[\(index)]") { throw .invalidArgument(refusal) }
            texts.append(text)
        }
        self.texts = texts
        outputs = try Self.outputs(request.outputs.map(\.name), offered: offered)
    }

    /// The texts a shape `[N]` or `[N, 1]` holds: at least one, at most the batch limit.
    private static func count(shape: [Int64], limits: InputLimits) throws(RPCError) -> Int {
        guard (1...2).contains(shape.count), shape.allSatisfy({ $0 >= 0 }), shape.count == 1 || shape[1] == 1 else {
            throw .invalidArgument("input \"text\" needs shape [N] or [N, 1], not \(shape)")
        }
        guard shape[0] > 0 else { throw .invalidArgument("input \"text\" holds no texts (shape \(shape))") }
        guard shape[0] <= limits.maxBatchSize else {
            throw .invalidArgument("input \"text\" holds \(shape[0]) texts; the limit is \(limits.maxBatchSize)")
        }
        return Int(shape[0])
    }

    /// The outputs named, each one the model gives, each once, in the order first named; `rating` alone when none is.
    private static func outputs(_ names: [String], offered: [String]) throws(RPCError) -> [RequestedOutput] {
        var outputs: [RequestedOutput] = []
        for name in names where !outputs.contains(where: { $0.name == name }) {
            guard offered.contains(name) else {
                throw .invalidArgument("unknown output \"\(name)\"; the model gives \(offered.map { "\"\($0)\"" }.joined(separator: " and "))")
            }
            outputs.append(RequestedOutput(name: name, binary: true))
        }
        return outputs.isEmpty ? [RequestedOutput(name: InferenceTensor.output, binary: true)] : outputs
    }

    /// Triton's serialized BYTES: each element a little-endian 32-bit length, then that many bytes.
    private static func rawStrings(_ raw: Data) throws(RPCError) -> [Data] {
        var elements: [Data] = []
        var offset = raw.startIndex
        while offset < raw.endIndex {
            guard raw.endIndex - offset >= 4 else { throw .invalidArgument("the raw contents of input \"text\" end inside an element's length") }
            let length = raw[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard raw.endIndex - offset >= length else {
                throw .invalidArgument("the raw contents of input \"text\" end inside element \(elements.count)")
            }
            elements.append(raw[offset..<offset + length])
            offset += length
        }
        return elements
    }
}
