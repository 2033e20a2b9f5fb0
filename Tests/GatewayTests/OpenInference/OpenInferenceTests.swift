import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The Open Inference Protocol (KServe V2) routes, checked against the protocol's JSON shapes.
@Suite struct OpenInferenceTests {
    func app(readiness: Readiness = Readiness(), warm: Bool = true) -> any ApplicationProtocol {
        var configuration = testConfiguration()
        configuration.maxBatchSize = 4
        guard warm else {
            return Application(
                router: buildRouter(
                    configuration: configuration,
                    store: ModelStore(testRegistry()),
                    readiness: readiness,
                    metrics: GatewayMetrics(configuration: configuration)
                ),
                logger: configuration.makeLogger()
            )
        }
        return buildApplication(configuration: configuration, models: testRegistry(), readiness: readiness)
    }

    @Test func serverAndModelMetadata() async throws {
        try await app().test(.router) { client async throws in
            let server = try await client.get("/v2", as: ServerMetadata.self).value
            #expect(server.name == "jokemeter")
            #expect(server.version == JokemeterVersion.current)
            #expect(server.extensions == ["binary_tensor_data"])
            #expect(try await client.get("/v2/health/live", as: Health.self).value.live == true)
            #expect(try await client.get("/v2/health/ready", as: Health.self).value.ready == true)
            let index = try await client.get("/v2/models", as: ModelIndex.self).value
            #expect(index.models == [["name": "lr", "version": "1.0.0", "state": "READY"], ["name": "tr", "version": "2.0.0", "state": "READY"]])
            for uri in ["/v2/models/tr", "/v2/models/tr/versions/2.0.0"] {
                let answer = try await client.get(uri, as: ModelMetadata.self)
                #expect(answer.status == .ok)
                let metadata = try answer.value
                #expect(metadata.name == "tr")
                #expect(metadata.versions == ["2.0.0"])
                #expect(metadata.platform == "jokemeter/length")
                for (tensors, name, datatype) in [(metadata.inputs, "text", "BYTES"), (metadata.outputs, "rating", "FP32")] {
                    #expect(tensors.count == 1)
                    #expect(tensors.first?.name == name)
                    #expect(tensors.first?.datatype == datatype)
                    #expect(tensors.first?.shape == [-1])
                }
                let ready = try await client.get(uri + "/ready", as: Health.self)
                #expect(ready.status == .ok)
                #expect(try ready.value.ready == true)
            }
        }
    }

    @Test func tritonsModelConfigurationAgreesWithTheMetadata() async throws {
        try await app().test(.router) { client async throws in
            for uri in ["/v2/models/tr/config", "/v2/models/tr/versions/2.0.0/config"] {
                let answer = try await client.get(uri, as: ModelConfig.self)
                #expect(answer.status == .ok, "\(uri)")
                let config = try answer.value
                #expect(config.name == "tr" && config.platform == "jokemeter/length")
                #expect(config.maxBatchSize == 0)
                let input = try #require(config.input.first)
                #expect(input.name == "text" && input.dataType == "TYPE_STRING" && input.dims == [-1])
                let output = try #require(config.output.first)
                #expect(output.name == "rating" && output.dataType == "TYPE_FP32" && output.dims == [-1])
                #expect(config.versionPolicy["all"]?.isEmpty == true, "every version in the folder is served")
                #expect(config.parameters["execution"]?["string_value"] == "inline")
                #expect(config.modelTransactionPolicy["decoupled"] == false)
            }
            #expect(try await client.get("/v2/models/xx/config", as: ModelConfig.self).status == .notFound)
            #expect(try await client.get("/v2/models/tr/versions/9/config", as: ModelConfig.self).status == .notFound)
        }
    }

    @Test func unknownModelsAndVersionsAre404() async throws {
        try await app().test(.router) { client async throws in
            for uri in ["/v2/models/xx", "/v2/models/xx/ready", "/v2/models/lr/versions/9", "/v2/models/lr/versions/9/ready"] {
                let answer = try await client.get(uri, as: ModelMetadata.self)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(throws: Never.self, "an error's body") { try answer.error }
            }
            let unknown = try await client.post("/v2/models/xx/infer", #"{"inputs": []}"#, as: InferenceResponse.self)
            #expect(unknown.status == .notFound)
            #expect(try unknown.error.models == ["lr", "tr"])
            let unknownVersion = try await client.post("/v2/models/lr/versions/2.0.0/infer", #"{"inputs": []}"#, as: InferenceResponse.self)
            #expect(unknownVersion.status == .notFound)
            #expect(try unknownVersion.error.message == #"model "lr" has no version "2.0.0"; its versions: 1.0.0"#)
            #expect(try unknownVersion.error.versions == ["1.0.0"])
        }
    }

    @Test func readinessFollowsTheProcess() async throws {
        try await app(readiness: Readiness(.starting), warm: false).test(.router) { client async throws in
            #expect(try await client.get("/v2/health/ready", as: Health.self).status == .serviceUnavailable)
            #expect(try await client.get("/v2/models/lr/ready", as: Health.self).status == .serviceUnavailable)
            #expect(try await client.get("/v2/health/live", as: Health.self).status == .ok)
        }
        try await app(readiness: Readiness(.draining), warm: false).test(.router) { client async throws in
            #expect(try await client.get("/v2/health/ready", as: Health.self).status == .serviceUnavailable)
            #expect(try await client.get("/v2/models/lr/ready", as: Health.self).status == .ok, "a draining server still serves its models")
        }
    }

    @Test func infersFlatAndNestedTextsEchoingTheId() async throws {
        try await app().test(.router) { client async throws in
            let flat = #"{"id": "r-1", "inputs": [{"name": "text", "datatype": "BYTES", "shape": [3], "data": ["ab", "abcd", "Колобок"]}]}"#
            let nested =
                #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [3, 1], "data": [["ab"], ["abcd"], ["Колобок"]], "parameters": {}}], "outputs": [{"name": "rating"}]}"#
            // A column (numpy's tolist() of one) is taken under shape [N] too, as Triton takes it.
            let columnUnderFlatShape = #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [3], "data": [["ab"], ["abcd"], ["Колобок"]]}]}"#
            for (uri, body) in [
                ("/v2/models/tr/infer", flat), ("/v2/models/tr/versions/2.0.0/infer", nested), ("/v2/models/tr/infer", columnUnderFlatShape),
            ] {
                let answer = try await client.post(uri, body, as: InferenceResponse.self)
                #expect(answer.status == .ok)
                let inference = try answer.value
                #expect(inference.modelName == "tr")
                #expect(inference.modelVersion == "2.0.0")
                #expect(inference.id == (body == flat ? "r-1" : nil))
                #expect(inference.outputs.count == 1)
                let output = try #require(inference.outputs.first)
                #expect(output.name == "rating")
                #expect(output.datatype == "FP32")
                #expect(output.shape == [3])
                #expect(output.data?.map(Float.init) == [0.4, 0.8, 1.4], "FP32: the same floats")
            }
        }
    }

    @Test func answersAndErrorsNameTheModelInHeaders() async throws {
        try await app().test(.router) { client async throws in
            let good = #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["ab"]}]}"#
            for (body, status) in [(good, HTTPResponse.Status.ok), (#"{"inputs": []}"#, .badRequest)] {
                let answer = try await client.post("/v2/models/tr/infer", body, as: InferenceResponse.self)
                #expect(answer.status == status)
                #expect(answer.headers[.modelName] == "tr")
                #expect(answer.headers[.modelVersion] == "2.0.0")
                #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
                #expect(answer.headers[values: .modelName].count == 1)
            }
        }
    }

    @Test func badTensorsAre400SayingWhatIsWrong() async throws {
        try await app().test(.router) { client async throws in
            func input(_ fields: String) -> String { #"{"inputs": [{"name": "text", "datatype": "BYTES", \#(fields)}]}"# }
            let cases: [(body: String, error: String)] = [
                (#"{"inputs": []}"#, #""inputs" must be an array holding the one input "text""#),
                (#"{"id": 1, "inputs": []}"#, #""id" must be a string"#),
                (
                    #"{"inputs": [{"name": "words", "datatype": "BYTES", "shape": [1], "data": ["a"]}]}"#,
                    #"unknown input "words"; the model takes "text""#
                ),
                (
                    #"{"inputs": [{"name": "text", "datatype": "INT32", "shape": [1], "data": [1]}]}"#,
                    "input \"text\" must have datatype BYTES, not INT32"
                ),
                (input(#""shape": [2], "data": ["a"]"#), #"input "text" has shape [2], which holds 2 elements, but its data has 1"#),
                (input(#""shape": [2, 2], "data": ["a", "b", "c", "d"]"#), #"input "text" needs "shape" [N] or [N, 1], not [2, 2]"#),
                (input(#""shape": [1.5], "data": ["a"]"#), #"the dimensions of "shape" must be whole numbers, at least 0"#),
                (input(#""shape": [0], "data": []"#), #"input "text" holds no texts (shape [0])"#),
                (input(#""shape": [5], "data": ["a", "b", "c", "d", "e"]"#), #"input "text" holds 5 texts; the limit is 4"#),
                (input(#""shape": [2], "data": ["a", 7]"#), #""text[1]" must be a string"#),
                (input(#""shape": [1], "data": [" "]"#), #""text[0]" is empty"#),
                (input(#""shape": [2], "data": [["a"], ["b"], ["c"]]"#), #"input "text" has shape [2], which holds 2 elements, but its data has 3"#),
                (input(#""shape": [2, 1], "data": [[["a"]]]"#), #"input "text" has shape [2, 1], which holds 2 elements, but its data has 1"#),
                // Flat or a column only, as the OpenAPI document says: a schema cannot count the texts of other nestings.
                (
                    input(#""shape": [1], "data": [[]]"#),
                    #"the "data" of input "text" must be flat, or rows of one text each ([["a"], ["b"]]); item 0 is an empty row"#
                ),
                (
                    input(#""shape": [2], "data": [["a", "b"]]"#),
                    #"the "data" of input "text" must be flat, or rows of one text each ([["a"], ["b"]]); item 0 is a row of 2"#
                ),
                (
                    input(#""shape": [2], "data": ["a", ["b"]]"#),
                    #"the "data" of input "text" must be flat, or rows of one text each ([["a"], ["b"]]); item 0 is not a row"#
                ),
                (
                    input(#""shape": [3], "data": [["ab", ["abcd"]], "Колобок"]"#),
                    #"the "data" of input "text" must be flat, or rows of one text each ([["a"], ["b"]]); item 0 is a row of 2"#
                ),
                (input(#""shape": [1, 1], "data": [[["a"]]]"#), #""text[0]" must be a string"#),
                (
                    input(#""shape": [1], "data": ["a"], "parameters": {"binary_data_size": 0}"#),
                    #"input "text" has "binary_data_size", but the body is JSON alone (no Inference-Header-Content-Length)"#
                ),
                (input(#""shape": [1]"#), #"input "text" needs "data": an array of strings"#),
                (
                    #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["a"]}], "outputs": [{"name": "score"}]}"#,
                    #"unknown output "score"; the model gives "rating""#
                ),
            ]
            for (body, error) in cases {
                let answer = try await client.post("/v2/models/lr/infer", body, as: InferenceResponse.self)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(try answer.error.message == error, "\(body)")
            }
            #expect(try await client.post("/v2/models/lr/infer", "{", as: InferenceResponse.self).status == .badRequest)
            // Valid JSON that is not an object is a fault of the request like any other under the protocol: 400.
            for body in ["[1, 2, 3]", "\"text\"", "42", "null"] {
                let answer = try await client.post("/v2/models/lr/infer", body, as: InferenceResponse.self)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(try answer.error.message == "the body must be a JSON object")
            }
            let plainText = try await client.post("/v2/models/lr/infer", "{}", headers: [.contentType: "text/plain"], as: InferenceResponse.self)
            #expect(plainText.status == .unsupportedMediaType)
        }
    }

    @Test func binaryTensorsInAndOut() async throws {
        try await app().test(.router) { client async throws in
            var binary = ByteBuffer()
            for text in ["ab", "Колобок"] {
                binary.writeInteger(UInt32(text.utf8.count), endianness: .little)
                binary.writeString(text)
            }
            let header =
                #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "parameters": {"binary_data_size": \#(binary.readableBytes)}}], "outputs": [{"name": "rating", "parameters": {"binary_data": true}}]}"#
            var body = ByteBuffer(string: header)
            body.writeImmutableBuffer(binary)
            let headers: HTTPFields = [.contentType: "application/octet-stream", .inferenceHeaderContentLength: String(header.utf8.count)]
            try await client.execute(uri: "/v2/models/lr/infer", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                var answer = response.body
                let jsonLength = try #require(response.headers[.inferenceHeaderContentLength].flatMap(Int.init))
                let slice = answer.readSlice(length: jsonLength)
                let jsonPart = try #require(slice)
                let output = try #require(try decode(InferenceResponse.self, from: jsonPart).outputs.first)
                #expect(output.parameters?["binary_data_size"] == 8)
                // The data is absent from the JSON, not null: read raw.
                let rawOutput = try #require((try json(jsonPart)["outputs"] as? [[String: Any]])?.first)
                #expect(rawOutput["data"] == nil)
                let ratings = (0..<2).compactMap { _ in answer.readInteger(endianness: .little, as: UInt32.self).map(Float.init(bitPattern:)) }
                #expect(ratings == [Float(0.2), Float(0.7)])
                #expect(answer.readableBytes == 0)
            }
            let overlong = try await client.post(
                "/v2/models/lr/infer",
                "{}",
                headers: [.inferenceHeaderContentLength: "99999"],
                as: InferenceResponse.self
            )
            #expect(overlong.status == .badRequest)
            for (tail, error) in [
                ([UInt8](), "input \"text\" says 8 binary bytes, but fewer follow the JSON"),
                ([1, 0, 0, 0, 0xFF, 1, 0, 0, 0, 0x61], "element 0 of input \"text\" is not valid UTF-8"),
                ([1, 0, 0, 0, 0x61, 1, 0, 0, 0, 0x62, 0], "1 bytes follow the JSON that no input's \"binary_data_size\" claims"),
            ] as [([UInt8], String)] {
                let header =
                    #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "parameters": {"binary_data_size": \#(tail.isEmpty ? 8 : 10)}}]}"#
                var body = ByteBuffer(string: header)
                body.writeBytes(tail)
                let answer = try await client.request(
                    "/v2/models/lr/infer",
                    method: .post,
                    headers: [.inferenceHeaderContentLength: String(header.utf8.count)],
                    body: body,
                    as: InferenceResponse.self
                )
                #expect(answer.status == .badRequest)
                #expect(try answer.error.message == error)
            }
        }
    }

    @Test func inferRatesAsPredictDoes() async throws {
        try await app().test(.router) { client async throws in
            let predicted = try await client.predict("Колобок повесился").value
            let inferred = try await client.infer(["Колобок повесился"], at: "/v2/models/lr/infer").value
            let data = try #require(inferred.outputs.first?.data)
            #expect(data.map(Float.init) == [Float(predicted.rating)])
        }
    }
}
