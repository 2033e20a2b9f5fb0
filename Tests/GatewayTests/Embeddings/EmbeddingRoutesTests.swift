import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// OpenAI's and text-embeddings-inference's routes over a model that gives embeddings (a text's row is its length,
/// the length negated, and one half): their answers, their errors in each API's own shape, the model's choice and
/// the API key.
@Suite struct EmbeddingRoutesTests {
    private static let dedicated = ModelExecution.dedicated(
        DedicatedExecution(threads: 1, queueLimit: 8, maxBatchSize: 8, maxBatchDelay: .milliseconds(1), timeout: .seconds(30))
    )

    private func app(apiKey: String? = nil, maxTokens: Int = 100) -> some ApplicationProtocol {
        let heavy = EmbeddingGatedModel(name: "emb", execution: Self.dedicated, maxTokensPerText: maxTokens)
        let inline = EmbeddingGatedModel(name: "embi", maxTokensPerText: maxTokens)
        heavy.open(1000)
        inline.open(1000)
        let models = try! ModelRegistry(models: [LengthModel(name: "lr", version: "1.0.0", scale: 0.1), heavy, inline], defaultModel: "lr")
        var configuration = testConfiguration()
        configuration.apiKey = apiKey
        return buildApplication(configuration: configuration, models: models)
    }

    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String,
        headers: HTTPFields = [:]
    ) async throws -> (
        HTTPResponse.Status, HTTPFields, Any
    ) {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        let answer = try await client.post(uri, body, headers: fields, as: Empty.self)
        return (answer.status, answer.headers, try JSONSerialization.jsonObject(with: Data(buffer: answer.body)))
    }

    private struct Empty: Decodable {}

    @Test func openAIAnswersEveryInputInOrderWithUsage() async throws {
        try await app().test(.router) { client in
            for model in ["emb", "embi", "emb@1"] {
                let (status, headers, body) = try await post(client, "/v1/embeddings", #"{"model": "\#(model)", "input": ["ab", "c d"]}"#)
                #expect(status == .ok && headers[HTTPField.Name("X-Model")!] == model.prefix { $0 != "@" }.description)
                let answer = try #require(body as? [String: Any])
                #expect(answer["object"] as? String == "list" && answer["model"] as? String == model)
                let data = try #require(answer["data"] as? [[String: Any]])
                #expect(data.map { $0["embedding"] as? [Double] } == [[2, -2, 0.5], [2, -2, 0.5]])
                #expect(data.map { $0["index"] as? Int } == [0, 1] && data.allSatisfy { $0["object"] as? String == "embedding" })
                #expect(answer["usage"] as? [String: Int] == ["prompt_tokens": 3, "total_tokens": 3])
            }
        }
    }

    @Test func base64IsTheFloatsLittleEndianBytes() async throws {
        try await app().test(.router) { client in
            let (_, _, body) = try await post(client, "/v1/embeddings", #"{"model": "emb", "input": [[3, 4]], "encoding_format": "base64"}"#)
            let data = try #require((body as? [String: Any])?["data"] as? [[String: Any]])
            let bytes = try #require(Data(base64Encoded: data[0]["embedding"] as? String ?? ""))
            let floats = stride(from: 0, to: bytes.count, by: 4).map {
                Float(bitPattern: bytes[$0..<$0 + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) })
            }
            #expect(floats == [7, -7, 0.5])
        }
    }

    @Test(
        arguments: [
            (#"{"model": "nope", "input": "a"}"#, 404, "model", "model_not_found"),
            (#"{"model": "lr", "input": "a"}"#, 404, "model", "model_not_found"),
            (#"{"model": "emb", "input": "a", "dimensions": 2}"#, 400, "dimensions", nil),
            (#"{"model": "emb", "input": [[1000]]}"#, 400, "input", nil),
            (#"{"model": "emb", "input": []}"#, 400, "input", nil),
            (#"{"input": "a"}"#, 400, "model", nil),
            (#"{"model": "emb", "input": "a", "encoding_format": "hex"}"#, 400, "encoding_format", nil),
        ] as [(String, Int, String?, String?)]
    )
    func openAIRefusalsComeInItsEnvelope(body: String, status: Int, param: String?, code: String?) async throws {
        try await app().test(.router) { client in
            let (answered, _, json) = try await post(client, "/v1/embeddings", body)
            #expect(answered.code == status, "\(body)")
            let error = try #require((json as? [String: Any])?["error"] as? [String: Any])
            #expect(Set(error.keys) == ["message", "type", "param", "code"])
            #expect(error["param"] as? String == param && error["code"] as? String == code, "\(body): \(error)")
        }
    }

    @Test func aFullQueueIsTooManyRequestsWithBothRetryHints() {
        let full = OpenAIError(GatewayError(ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(1500))))
        let response = full.response()
        #expect(response.status == .tooManyRequests && full.code == "rate_limit_exceeded")
        #expect(response.headers[.retryAfter] == "2" && response.headers[HTTPField.Name("retry-after-ms")!] == "2000")
        let tei = TextEmbeddingsError(GatewayError(ExecutionError.queueFull(model: "emb", retryAfter: .seconds(1))))
        #expect(tei.status == .tooManyRequests && tei.type == "Overloaded" && tei.response().headers[.retryAfter] == "1")
    }

    @Test func teiEmbedsWithTheDefaultOrTheNamedModelAndThePrompt() async throws {
        try await app().test(.router) { client in
            let (status, headers, body) = try await post(client, "/embed", #"{"inputs": "abc"}"#)
            #expect(status == .ok && headers[HTTPField.Name("X-Model")!] == "emb")
            #expect(body as? [[Double]] == [[3, -3, 0.5]])
            let (_, _, shouted) = try await post(client, "/", #"{"inputs": ["abc", [1, 2]], "prompt_name": "shout"}"#)
            #expect(shouted as? [[Double]] == [[6, -6, 0.5], [3, -3, 0.5]])
            let (_, named, _) = try await post(client, "/embed?model=embi", #"{"inputs": "abc"}"#)
            #expect(named[HTTPField.Name("X-Model")!] == "embi")
        }
    }

    @Test func teiTruncatesOnlyWhenAsked() async throws {
        try await app(maxTokens: 2).test(.router) { client in
            let (refused, _, error) = try await post(client, "/embed", #"{"inputs": "a bb ccc"}"#)
            #expect(refused == .unprocessableContent && (error as? [String: String])?["error_type"] == "Validation")
            #expect((error as? [String: String])?["error"]?.contains("reads at most 2 tokens") == true)
            let (_, _, right) = try await post(client, "/embed", #"{"inputs": "a bb ccc", "truncate": true}"#)
            let (_, _, left) = try await post(client, "/embed", #"{"inputs": "a bb ccc", "truncate": true, "truncation_direction": "Left"}"#)
            #expect(right as? [[Double]] == [[3, -3, 0.5]] && left as? [[Double]] == [[5, -5, 0.5]])
        }
    }

    @Test(
        arguments: [
            (#"{"inputs": []}"#, 400, "Empty"), (#"{"inputs": "a", "normalize": false}"#, 422, "Validation"),
            (#"{"inputs": "a", "prompt_name": "whisper"}"#, 422, "Validation"), (#"{"inputs": "a", "truncate": "yes"}"#, 422, "Validation"),
            ("{", 400, "Validation"),
        ] as [(String, Int, String)]
    )
    func teiRefusalsComeInItsBody(body: String, status: Int, type: String) async throws {
        try await app().test(.router) { client in
            let (answered, _, json) = try await post(client, "/embed", body)
            #expect(answered.code == status && (json as? [String: String])?["error_type"] == type, "\(body): \(json)")
        }
    }

    @Test func theAPIKeyGuardsTheEmbeddingRoutesAlone() async throws {
        try await app(apiKey: "the-key").test(.router) { client in
            for (uri, body) in [("/v1/embeddings", #"{"model": "emb", "input": "a"}"#), ("/embed", #"{"inputs": "a"}"#)] {
                let (missing, headers, _) = try await post(client, uri, body)
                #expect(missing == .unauthorized && headers[.wwwAuthenticate] != nil, "\(uri)")
                let (wrong, _, _) = try await post(client, uri, body, headers: [.authorization: "Bearer another"])
                #expect(wrong == .unauthorized, "\(uri)")
                let (right, _, _) = try await post(client, uri, body, headers: [.authorization: "Bearer the-key"])
                #expect(right == .ok, "\(uri)")
            }
            let (predicted, _, _) = try await post(client, "/api/v1/predict", #"{"text": "a"}"#)
            #expect(predicted == .ok)
        }
    }

    /// `/v1/models` lists only the models that embed; `/api/v1/models` says of each whether it does.
    @Test func modelsListOnlyThoseThatEmbed() async throws {
        try await app().test(.router) { client in
            let answer = try await client.get("/v1/models", as: Empty.self)
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
            #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["emb", "emb@1", "embi", "embi@1"])
            #expect(try await client.get("/v1/models/emb@1", as: Empty.self).status == .ok)
            #expect(try await client.get("/v1/models/lr", as: Empty.self).status == .notFound)
            let info = try await client.get("/info", as: Empty.self)
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(buffer: info.body)) as? [String: Any])
            #expect(fields["model_id"] as? String == "emb" && fields["max_input_length"] as? Int == 100)
            #expect(fields["prompts"] as? [String: String] == ["plain": "", "shout": "shout"])
            let house = try await client.get("/api/v1/models", as: Empty.self)
            let described = try #require(try JSONSerialization.jsonObject(with: Data(buffer: house.body)) as? [String: Any])
            let widths = (described["models"] as? [[String: Any]])?.map { "\($0["name"] ?? ""):\($0["embeddingDimension"] as? Int ?? 0)" }
            #expect(widths == ["emb:3", "embi:3", "lr:0"])
        }
    }
}
