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

    private func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .get) { response in (response.status, try json(response.body)) }
    }

    private func infer(
        _ client: some TestClientProtocol,
        _ uri: String = "/v2/models/lr/infer",
        _ body: String,
        headers: HTTPFields = [:]
    ) async throws
        -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, try json(response.body))
        }
    }

    @Test func serverAndModelMetadata() async throws {
        try await app().test(.router) { client async throws in
            let (_, server) = try await get(client, "/v2")
            #expect(server["name"] as? String == "jokemeter")
            #expect(server["version"] as? String == JokemeterVersion.current)
            #expect(server["extensions"] as? [String] == ["binary_tensor_data"])
            #expect(try await get(client, "/v2/health/live").1["live"] as? Bool == true)
            #expect(try await get(client, "/v2/health/ready").1["ready"] as? Bool == true)
            let (_, index) = try await get(client, "/v2/models")
            let entries = try #require(index["models"] as? [[String: String]])
            #expect(entries == [["name": "lr", "version": "1.0.0", "state": "READY"], ["name": "tr", "version": "2.0.0", "state": "READY"]])
            for uri in ["/v2/models/tr", "/v2/models/tr/versions/2.0.0"] {
                let (status, metadata) = try await get(client, uri)
                #expect(status == .ok)
                #expect(metadata["name"] as? String == "tr")
                #expect(metadata["versions"] as? [String] == ["2.0.0"])
                #expect(metadata["platform"] as? String == "jokemeter/length")
                for (key, name, datatype) in [("inputs", "text", "BYTES"), ("outputs", "rating", "FP32")] {
                    let tensors = try #require(metadata[key] as? [[String: Any]])
                    #expect(tensors.count == 1)
                    #expect(tensors.first?["name"] as? String == name)
                    #expect(tensors.first?["datatype"] as? String == datatype)
                    #expect(tensors.first?["shape"] as? [Int] == [-1])
                }
                let (readyStatus, ready) = try await get(client, uri + "/ready")
                #expect(readyStatus == .ok)
                #expect(ready["ready"] as? Bool == true)
            }
        }
    }

    @Test func tritonsModelConfigurationAgreesWithTheMetadata() async throws {
        try await app().test(.router) { client async throws in
            for uri in ["/v2/models/tr/config", "/v2/models/tr/versions/2.0.0/config"] {
                let (status, config) = try await get(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(config["name"] as? String == "tr" && config["platform"] as? String == "jokemeter/length")
                #expect(config["max_batch_size"] as? Int == 0)
                let input = try #require((config["input"] as? [[String: Any]])?.first)
                #expect(input["name"] as? String == "text" && input["data_type"] as? String == "TYPE_STRING" && input["dims"] as? [Int] == [-1])
                let output = try #require((config["output"] as? [[String: Any]])?.first)
                #expect(output["name"] as? String == "rating" && output["data_type"] as? String == "TYPE_FP32" && output["dims"] as? [Int] == [-1])
                #expect((config["version_policy"] as? [String: [String: Any]])?["all"]?.isEmpty == true, "every version in the folder is served")
                #expect((config["parameters"] as? [String: [String: String]])?["execution"]?["string_value"] == "inline")
                #expect((config["model_transaction_policy"] as? [String: Bool])?["decoupled"] == false)
            }
            #expect(try await get(client, "/v2/models/xx/config").0 == .notFound)
            #expect(try await get(client, "/v2/models/tr/versions/9/config").0 == .notFound)
        }
    }

    @Test func unknownModelsAndVersionsAre404() async throws {
        try await app().test(.router) { client async throws in
            for uri in ["/v2/models/xx", "/v2/models/xx/ready", "/v2/models/lr/versions/9", "/v2/models/lr/versions/9/ready"] {
                let (status, body) = try await get(client, uri)
                #expect(status == .notFound, "\(uri)")
                #expect(body["error"] is String)
            }
            let (status, body) = try await infer(client, "/v2/models/xx/infer", #"{"inputs": []}"#)
            #expect(status == .notFound)
            #expect(body["models"] as? [String] == ["lr", "tr"])
            let (versionStatus, versionBody) = try await infer(client, "/v2/models/lr/versions/2.0.0/infer", #"{"inputs": []}"#)
            #expect(versionStatus == .notFound)
            #expect(versionBody["error"] as? String == #"model "lr" has no version "2.0.0"; its versions: 1.0.0"#)
            #expect(versionBody["versions"] as? [String] == ["1.0.0"])
        }
    }

    @Test func readinessFollowsTheProcess() async throws {
        try await app(readiness: Readiness(.starting), warm: false).test(.router) { client async throws in
            #expect(try await get(client, "/v2/health/ready").0 == .serviceUnavailable)
            #expect(try await get(client, "/v2/models/lr/ready").0 == .serviceUnavailable)
            #expect(try await get(client, "/v2/health/live").0 == .ok)
        }
        try await app(readiness: Readiness(.draining), warm: false).test(.router) { client async throws in
            #expect(try await get(client, "/v2/health/ready").0 == .serviceUnavailable)
            #expect(try await get(client, "/v2/models/lr/ready").0 == .ok, "a draining server still serves its models")
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
                let (status, answer) = try await infer(client, uri, body)
                #expect(status == .ok)
                #expect(answer["model_name"] as? String == "tr")
                #expect(answer["model_version"] as? String == "2.0.0")
                #expect(answer["id"] as? String == (body == flat ? "r-1" : nil))
                let outputs = try #require(answer["outputs"] as? [[String: Any]])
                #expect(outputs.count == 1)
                #expect(outputs[0]["name"] as? String == "rating")
                #expect(outputs[0]["datatype"] as? String == "FP32")
                #expect(outputs[0]["shape"] as? [Int] == [3])
                #expect((outputs[0]["data"] as? [Double])?.map(Float.init) == [0.4, 0.8, 1.4], "FP32: the same floats")
            }
        }
    }

    @Test func answersAndErrorsNameTheModelInHeaders() async throws {
        try await app().test(.router) { client async throws in
            let good = #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["ab"]}]}"#
            for (body, status) in [(good, HTTPResponse.Status.ok), (#"{"inputs": []}"#, .badRequest)] {
                try await client.execute(uri: "/v2/models/tr/infer", method: .post, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status)
                    #expect(response.headers[HTTPField.Name("X-Model")!] == "tr")
                    #expect(response.headers[HTTPField.Name("X-Model-Version")!] == "2.0.0")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    #expect(response.headers[values: HTTPField.Name("X-Model")!].count == 1)
                }
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
                let (status, answer) = try await infer(client, "/v2/models/lr/infer", body)
                #expect(status == .badRequest, "\(body)")
                #expect(answer["error"] as? String == error, "\(body)")
            }
            #expect(try await infer(client, "/v2/models/lr/infer", "{").0 == .badRequest)
            // Valid JSON that is not an object is a fault of the request like any other under the protocol: 400.
            for body in ["[1, 2, 3]", "\"text\"", "42", "null"] {
                let (status, answer) = try await infer(client, "/v2/models/lr/infer", body)
                #expect(status == .badRequest, "\(body)")
                #expect(answer["error"] as? String == "the body must be a JSON object")
            }
            #expect(try await infer(client, "/v2/models/lr/infer", "{}", headers: [.contentType: "text/plain"]).0 == .unsupportedMediaType)
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
                let jsonPart = answer.readSlice(length: jsonLength)
                let json = try json(try #require(jsonPart))
                let output = try #require((json["outputs"] as? [[String: Any]])?.first)
                #expect(output["data"] == nil)
                #expect((output["parameters"] as? [String: Int])?["binary_data_size"] == 8)
                let ratings = (0..<2).compactMap { _ in answer.readInteger(endianness: .little, as: UInt32.self).map(Float.init(bitPattern:)) }
                #expect(ratings == [Float(0.2), Float(0.7)])
                #expect(answer.readableBytes == 0)
            }
            #expect(try await infer(client, "/v2/models/lr/infer", "{}", headers: [.inferenceHeaderContentLength: "99999"]).0 == .badRequest)
            for (tail, error) in [
                ([UInt8](), "input \"text\" says 8 binary bytes, but fewer follow the JSON"),
                ([1, 0, 0, 0, 0xFF, 1, 0, 0, 0, 0x61], "element 0 of input \"text\" is not valid UTF-8"),
                ([1, 0, 0, 0, 0x61, 1, 0, 0, 0, 0x62, 0], "1 bytes follow the JSON that no input's \"binary_data_size\" claims"),
            ] as [([UInt8], String)] {
                let header =
                    #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "parameters": {"binary_data_size": \#(tail.isEmpty ? 8 : 10)}}]}"#
                var body = ByteBuffer(string: header)
                body.writeBytes(tail)
                try await client.execute(
                    uri: "/v2/models/lr/infer",
                    method: .post,
                    headers: [.inferenceHeaderContentLength: String(header.utf8.count)],
                    body: body
                ) { response throws in
                    #expect(response.status == .badRequest)
                    #expect(try json(response.body)["error"] as? String == error)
                }
            }
        }
    }

    @Test func inferRatesAsPredictDoes() async throws {
        try await app().test(.router) { client async throws in
            let (_, predicted) = try await client.execute(
                uri: "/api/v1/predict",
                method: .post,
                body: ByteBuffer(string: #"{"text": "Колобок повесился"}"#)
            ) {
                ($0.status, try json($0.body))
            }
            let (_, inferred) = try await infer(
                client,
                "/v2/models/lr/infer",
                #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["Колобок повесился"]}]}"#
            )
            let data = try #require((inferred["outputs"] as? [[String: Any]])?.first?["data"] as? [Double])
            #expect(data.map(Float.init) == [Float(try #require(predicted["rating"] as? Double))])
        }
    }
}
