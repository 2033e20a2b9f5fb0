import Foundation
import GRPCCore
import Gateway
import Testing

/// A gRPC `ModelInferRequest` read as the REST route reads its JSON: one BYTES input `text`, raw or typed.
@Suite struct GRPCInferRequestTests {
    let limits = InputLimits(maxTextCharacters: 20, maxBatchSize: 3)
    let offered = [InferenceTensor.output, InferenceTensor.embedding]

    /// Triton's serialized BYTES: each element's 4-byte little-endian length, then its bytes.
    static func raw(_ texts: [String]) -> Data {
        var data = Data()
        for text in texts {
            withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: Array(text.utf8))
        }
        return data
    }

    static func request(shape: [Int64], raw texts: [String]? = nil, typed: [String]? = nil, outputs: [String] = []) -> Inference_ModelInferRequest {
        var input = Inference_ModelInferRequest.InferInputTensor()
        input.name = "text"
        input.datatype = "BYTES"
        input.shape = shape
        if let typed { input.contents.bytesContents = typed.map { Data($0.utf8) } }
        var request = Inference_ModelInferRequest()
        request.modelName = "lr"
        request.id = "42"
        request.inputs = [input]
        if let texts { request.rawInputContents = [raw(texts)] }
        request.outputs = outputs.map { name in
            var output = Inference_ModelInferRequest.InferRequestedOutputTensor()
            output.name = name
            return output
        }
        return request
    }

    func read(_ request: Inference_ModelInferRequest) throws(RPCError) -> Gateway.InferenceRequest {
        try Gateway.InferenceRequest(grpc: request, limits: limits, offered: offered)
    }

    @Test func rawContentsAsTritonclientSendsThemAndTypedBytesReadAlike() throws {
        let raw = try read(Self.request(shape: [2], raw: ["why?", "Ünïcode"]))
        let typed = try read(Self.request(shape: [2, 1], typed: ["why?", "Ünïcode"]))
        #expect(raw.texts == ["why?", "Ünïcode"])
        #expect(typed.texts == raw.texts)
        #expect(raw.id == "42")
        #expect(raw.outputs.map(\.name) == ["rating"], "rating alone when none is named")
    }

    @Test func outputsAreTheModelsOwnEachOnceInTheOrderNamed() throws {
        let request = try read(Self.request(shape: [1], raw: ["a"], outputs: ["embedding", "rating", "embedding"]))
        #expect(request.outputs.map(\.name) == ["embedding", "rating"])
        #expect(throws: RPCError.invalidArgument("unknown output \"logits\"; the model gives \"rating\" and \"embedding\"")) {
            try read(Self.request(shape: [1], raw: ["a"], outputs: ["logits"]))
        }
    }

    @Test(arguments: [
        (request(shape: [2], raw: ["a"]), "input \"text\" has shape [2], which holds 2 elements, but its data has 1"),
        (request(shape: [2, 2], raw: ["a"]), "input \"text\" needs shape [N] or [N, 1], not [2, 2]"),
        (request(shape: [0], raw: []), "input \"text\" holds no texts (shape [0])"),
        (request(shape: [4], raw: ["a", "b", "c", "d"]), "input \"text\" holds 4 texts; the limit is 3"),
        (request(shape: [1], raw: ["  "]), "\"text[0]\" is empty"),
        (request(shape: [1], raw: [String(repeating: "x", count: 21)]), "\"text[0]\" has 21 characters; the limit is 20"),
        (request(shape: [1], raw: ["a"], typed: ["a"]), "input \"text\" has both contents and raw_input_contents; send one"),
        (request(shape: [1]), "input \"text\" has shape [1], which holds 1 elements, but its data has 0"),
    ])
    func faultsAreInvalidArgumentsSayingWhatIsWrong(request: Inference_ModelInferRequest, message: String) {
        #expect(throws: RPCError(code: .invalidArgument, message: message)) { try read(request) }
    }

    @Test func malformedRawContentsAndInvalidUTF8AreRefused() {
        var truncated = Self.request(shape: [1], raw: ["hello"])
        truncated.rawInputContents = [truncated.rawInputContents[0].dropLast(2)]
        #expect(throws: RPCError.invalidArgument("the raw contents of input \"text\" end inside element 0")) { try read(truncated) }
        var short = Self.request(shape: [1], raw: ["hello"])
        short.rawInputContents = [Data([1, 0])]
        #expect(throws: RPCError.invalidArgument("the raw contents of input \"text\" end inside an element's length")) { try read(short) }
        var invalid = Self.request(shape: [1], raw: ["a"])
        invalid.rawInputContents = [Data([1, 0, 0, 0, 0xFF])]
        #expect(throws: RPCError.invalidArgument("element 0 of input \"text\" is not valid UTF-8")) { try read(invalid) }
    }

    @Test func theInputMustBeOneBytesTensorNamedText() {
        var named = Self.request(shape: [1], raw: ["a"])
        named.inputs[0].name = "txt"
        #expect(throws: RPCError.invalidArgument("unknown input \"txt\"; the model takes \"text\"")) { try read(named) }
        var typed = Self.request(shape: [1], raw: ["a"])
        typed.inputs[0].datatype = "FP32"
        #expect(throws: RPCError.invalidArgument("input \"text\" must have datatype BYTES, not FP32")) { try read(typed) }
        var two = Self.request(shape: [1], raw: ["a"])
        two.inputs.append(two.inputs[0])
        #expect(throws: RPCError.invalidArgument("the model takes one input, \"text\"; the request has 2")) { try read(two) }
    }
}
