import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// `/v2` infer's output `embedding`, for a model that gives embeddings: listed in its metadata, answered only when
/// asked, in JSON or binary, beside or instead of `rating`, rated in the same batches whether the model runs on
/// threads of its own or inline; refused (400) for a model that gives none.
@Suite struct EmbeddingOutputTests {
    private static let dedicated = ModelExecution.dedicated(
        DedicatedExecution(threads: 1, queueLimit: 8, maxBatchSize: 8, maxBatchDelay: .milliseconds(1), timeout: .seconds(30))
    )

    private func app() -> some ApplicationProtocol {
        let heavy = EmbeddingGatedModel(name: "emb", execution: Self.dedicated)
        let inline = EmbeddingGatedModel(name: "embi")
        heavy.open(1000)
        inline.open(1000)
        let models = try! ModelRegistry(
            models: [LengthModel(name: "lr", version: "1.0.0", scale: 0.1), heavy, inline],
            defaultModel: "lr"
        )
        return buildApplication(configuration: testConfiguration(), models: models)
    }

    private func infer(_ client: some TestClientProtocol, _ model: String, outputs: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let body = #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["ab", "Колобок"]}], "outputs": \#(outputs)}"#
        return try await client.execute(uri: "/v2/models/\(model)/infer", method: .post, body: ByteBuffer(string: body)) {
            ($0.status, try json($0.body))
        }
    }

    private func outputs(_ answer: [String: Any]) throws -> [[String: Any]] { try #require(answer["outputs"] as? [[String: Any]]) }

    @Test func theMetadataListsTheEmbeddingOfAModelThatGivesOne() async throws {
        try await app().test(.router) { client in
            for (model, expected) in [("emb", [["rating": [-1]], ["embedding": [-1, 3]]]), ("lr", [["rating": [-1]]])] {
                let metadata = try await client.execute(uri: "/v2/models/\(model)", method: .get) { try json($0.body) }
                let tensors = try #require(metadata["outputs"] as? [[String: Any]])
                #expect(tensors.map { [$0["name"] as! String: $0["shape"] as! [Int]] } == expected, "\(model)")
                #expect(tensors.allSatisfy { $0["datatype"] as? String == "FP32" })
            }
        }
    }

    @Test func embeddingsAreAnsweredWhenAskedBesideOrInsteadOfTheRatings() async throws {
        try await app().test(.router) { client in
            for model in ["emb", "embi"] {
                let (status, both) = try await infer(client, model, outputs: #"[{"name": "embedding"}, {"name": "rating"}]"#)
                #expect(status == .ok)
                let answered = try outputs(both)
                #expect(answered.map { $0["name"] as? String } == ["embedding", "rating"])
                #expect(answered[0]["shape"] as? [Int] == [2, 3])
                #expect(answered[0]["data"] as? [Double] == [2, -2, 0.5, 7, -7, 0.5])
                #expect(answered[1]["shape"] as? [Int] == [2])
                #expect(answered[1]["data"] as? [Double] == [2, 7])
                let (_, alone) = try await infer(client, model, outputs: #"[{"name": "embedding"}]"#)
                #expect(try outputs(alone).map { $0["name"] as? String } == ["embedding"])
                let (_, unasked) = try await infer(client, model, outputs: "null")
                #expect(try outputs(unasked).map { $0["name"] as? String } == ["rating"])
            }
        }
    }

    @Test func binaryEmbeddingsFollowTheJSONInTheOrderOfTheOutputs() async throws {
        try await app().test(.router) { client in
            let body =
                #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["abc"]}], "parameters": {"binary_data_output": true}, "outputs": [{"name": "rating", "parameters": {"binary_data": false}}, {"name": "embedding"}]}"#
            try await client.execute(uri: "/v2/models/emb/infer", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                var answer = response.body
                let length = try #require(response.headers[.inferenceHeaderContentLength].flatMap(Int.init))
                let jsonPart = answer.readSlice(length: length)
                let answered = try outputs(try json(try #require(jsonPart)))
                #expect(answered[0]["data"] as? [Double] == [3])
                #expect(answered[1]["data"] == nil)
                #expect((answered[1]["parameters"] as? [String: Int])?["binary_data_size"] == 12)
                let values = (0..<3).compactMap { _ in answer.readInteger(endianness: .little, as: UInt32.self).map(Float.init(bitPattern:)) }
                #expect(values == [3, -3, 0.5])
                #expect(answer.readableBytes == 0)
            }
        }
    }

    @Test func anOutputNamedTwiceIsAnsweredOnceAsTheLastNamingAsks() async throws {
        try await app().test(.router) { client in
            let (status, answer) = try await infer(
                client,
                "emb",
                outputs: #"[{"name": "embedding"}, {"name": "rating"}, {"name": "embedding", "parameters": {"binary_data": false}}]"#
            )
            #expect(status == .ok)
            #expect(try outputs(answer).map { $0["name"] as? String } == ["embedding", "rating"])
        }
    }

    @Test func occlusionOfAModelOnItsOwnThreadsGoesThroughItsExecutorAsOneBatch() async throws {
        try await app().test(.router) { client in
            let body = ByteBuffer(string: #"{"text": "ab cde", "method": "occlusion"}"#)
            let answer = try await client.execute(uri: "/api/v1/models/emb/explain", method: .post, body: body) { try json($0.body) }
            // The text (6), without "ab" (4), without "cde" (3), without both (1): one request of four texts.
            #expect(answer["method"] as? String == "occlusion" && answer["rating"] as? Double == 6 && answer["base"] as? Double == 1)
            let contributions = try #require(answer["contributions"] as? [[String: Any]])
            #expect(contributions.map { $0["term"] as? String } == ["cde", "ab"])
            #expect(contributions.map { $0["contribution"] as? Double } == [3, 2])
        }
    }

    @Test func outputsTheModelDoesNotGiveAre400() async throws {
        try await app().test(.router) { client in
            let cases = [
                ("lr", #"[{"name": "embedding"}]"#, #"unknown output "embedding"; the model gives "rating""#),
                ("emb", #"[{"name": "score"}]"#, #"unknown output "score"; the model gives "rating" and "embedding""#),
            ]
            for (model, outputs, error) in cases {
                let (status, answer) = try await infer(client, model, outputs: outputs)
                #expect(status == .badRequest, "\(model) \(outputs)")
                #expect(answer["error"] as? String == error)
            }
        }
    }
}
