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

    private func infer(_ client: some TestClientProtocol, _ model: String, outputs: String) async throws -> Answer<InferenceResponse> {
        let body = #"{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["ab", "Колобок"]}], "outputs": \#(outputs)}"#
        return try await client.post("/v2/models/\(model)/infer", body, as: InferenceResponse.self)
    }

    @Test func theMetadataListsTheEmbeddingOfAModelThatGivesOne() async throws {
        try await app().test(.router) { client in
            for (model, expected) in [("emb", [["rating": [-1]], ["embedding": [-1, 3]]]), ("lr", [["rating": [-1]]])] {
                let tensors = try await client.get("/v2/models/\(model)", as: ModelMetadata.self).value.outputs
                #expect(tensors.map { [$0.name: $0.shape] } == expected, "\(model)")
                #expect(tensors.allSatisfy { $0.datatype == "FP32" })
            }
        }
    }

    @Test func embeddingsAreAnsweredWhenAskedBesideOrInsteadOfTheRatings() async throws {
        try await app().test(.router) { client in
            for model in ["emb", "embi"] {
                let both = try await infer(client, model, outputs: #"[{"name": "embedding"}, {"name": "rating"}]"#)
                #expect(both.status == .ok)
                let answered = try both.value.outputs
                #expect(answered.map(\.name) == ["embedding", "rating"])
                #expect(answered[0].shape == [2, 3])
                #expect(answered[0].data == [2, -2, 0.5, 7, -7, 0.5])
                #expect(answered[1].shape == [2])
                #expect(answered[1].data == [2, 7])
                let alone = try await infer(client, model, outputs: #"[{"name": "embedding"}]"#)
                #expect(try alone.value.outputs.map(\.name) == ["embedding"])
                let unasked = try await infer(client, model, outputs: "null")
                #expect(try unasked.value.outputs.map(\.name) == ["rating"])
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
                let slice = answer.readSlice(length: length)
                let jsonPart = try #require(slice)
                let answered = try decode(InferenceResponse.self, from: jsonPart).outputs
                #expect(answered[0].data == [3])
                // The embedding's data is absent from the JSON, not null: read raw.
                let rawOutputs = try #require(try json(jsonPart)["outputs"] as? [[String: Any]])
                #expect(rawOutputs[1]["data"] == nil)
                #expect(answered[1].parameters?["binary_data_size"] == 12)
                let values = (0..<3).compactMap { _ in answer.readInteger(endianness: .little, as: UInt32.self).map(Float.init(bitPattern:)) }
                #expect(values == [3, -3, 0.5])
                #expect(answer.readableBytes == 0)
            }
        }
    }

    @Test func anOutputNamedTwiceIsAnsweredOnceAsTheLastNamingAsks() async throws {
        try await app().test(.router) { client in
            let answer = try await infer(
                client,
                "emb",
                outputs: #"[{"name": "embedding"}, {"name": "rating"}, {"name": "embedding", "parameters": {"binary_data": false}}]"#
            )
            #expect(answer.status == .ok)
            #expect(try answer.value.outputs.map(\.name) == ["embedding", "rating"])
        }
    }

    @Test func occlusionOfAModelOnItsOwnThreadsGoesThroughItsExecutorAsOneBatch() async throws {
        try await app().test(.router) { client in
            let explained = try await client.explain("ab cde", method: "occlusion", at: "/api/v1/models/emb/explain").value
            // The text (6), without "ab" (4), without "cde" (3), without both (1): one request of four texts.
            #expect(explained.method == "occlusion" && explained.rating == 6 && explained.base == 1)
            #expect(explained.contributions.map(\.term) == ["cde", "ab"])
            #expect(explained.contributions.map(\.contribution) == [3, 2])
        }
    }

    @Test func outputsTheModelDoesNotGiveAre400() async throws {
        try await app().test(.router) { client in
            let cases = [
                ("lr", #"[{"name": "embedding"}]"#, #"unknown output "embedding"; the model gives "rating""#),
                ("emb", #"[{"name": "score"}]"#, #"unknown output "score"; the model gives "rating" and "embedding""#),
            ]
            for (model, outputs, error) in cases {
                let answer = try await infer(client, model, outputs: outputs)
                #expect(answer.status == .badRequest, "\(model) \(outputs)")
                #expect(try answer.error.message == error)
            }
        }
    }
}
