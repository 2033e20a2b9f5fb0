import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// `POST /api/v1/explain` and `POST /api/v1/models/{name}/explain`: predict's body, selection and errors; the
/// model's explanation as JSON; 422 naming the kind of a model that cannot explain.
@Suite struct ExplainRouteTests {
    private func app(maxTextCharacters: Int = 100) -> some ApplicationProtocol {
        let models = try! ModelRegistry(
            models: [ExplainedLengthModel(name: "lr", scale: 0.5), LengthModel(name: "tr", version: "2.0.0", scale: 0.2)],
            defaultModel: "lr"
        )
        var configuration = testConfiguration()
        configuration.maxTextCharacters = maxTextCharacters
        return buildApplication(configuration: configuration, models: models)
    }

    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String,
        headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, $0.headers, try json($0.body))
        }
    }

    @Test func theExplanationNamesTheModelAndEachTermsContributionAndSpans() async throws {
        try await app().test(.router) { client in
            for uri in ["/api/v1/explain", "/api/v1/models/lr/explain"] {
                let (status, headers, answer) = try await post(client, uri, #"{"text": "ab cde", "joker": "anon"}"#)
                #expect(status == .ok, "\(uri)")
                #expect(headers[HTTPField.Name("X-Model")!] == "lr")
                #expect(answer["model"] as? String == "lr" && answer["version"] as? String == "1.0.0" && answer["kind"] as? String == "length")
                #expect(answer["method"] as? String == "linear")
                #expect(answer["rating"] as? Double == 3 && answer["base"] as? Double == 0.5)
                #expect(answer["path"] == nil)
                let contributions = try #require(answer["contributions"] as? [[String: Any]])
                #expect(contributions.map { $0["term"] as? String } == ["cde", "ab"])
                #expect(contributions.map { $0["contribution"] as? Double } == [1.5, 1])
                #expect(contributions.map { $0["weight"] as? Double } == [0.5, 0.5])
                #expect(contributions.map { $0["spans"] as? [[Int]] } == [[[3, 6]], [[0, 2]]])
            }
        }
    }

    @Test func aModelThatCannotExplainIsRefused422NamingItsKind() async throws {
        try await app().test(.router) { client in
            for (uri, headers) in [("/api/v1/explain", [HTTPField.Name("X-Model")!: "tr"] as HTTPFields), ("/api/v1/models/tr/explain", [:])] {
                let (status, answered, answer) = try await post(client, uri, #"{"text": "ab"}"#, headers: headers)
                #expect(status == .unprocessableContent)
                #expect(
                    answer["error"] as? String
                        == #"model tr is of kind length, which cannot explain its ratings by itself; ask for {"method": "occlusion"}"#
                )
                #expect(answered[HTTPField.Name("X-Model")!] == "tr")
            }
        }
    }

    @Test func occlusionWhenAskedRatesTheTextWithoutEachWordThroughTheModel() async throws {
        try await app().test(.router) { client in
            let (status, _, answer) = try await post(client, "/api/v1/models/tr/explain", #"{"text": "ab cde AB", "method": "occlusion"}"#)
            #expect(status == .ok)
            #expect(answer["method"] as? String == "occlusion" && answer["model"] as? String == "tr")
            // 9 scalars rate 1.8; without "ab" (both) 5, without "cde" 6, without every word 2 (the two spaces).
            #expect(abs((answer["rating"] as? Double ?? 0) - 1.8) < 1e-12 && abs((answer["base"] as? Double ?? 0) - 0.4) < 1e-12)
            let contributions = try #require(answer["contributions"] as? [[String: Any]])
            #expect(contributions.map { $0["term"] as? String } == ["ab", "cde"])
            #expect(zip(contributions.map { $0["contribution"] as? Double ?? 0 }, [0.8, 0.6]).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(contributions.map { $0["value"] as? Double } == [2, 1])
            #expect(contributions.map { $0["spans"] as? [[Int]] } == [[[0, 2], [7, 9]], [[3, 6]]])
            #expect(contributions.allSatisfy { $0["weight"] == nil })
        }
    }

    @Test func anUnknownMethodOrTooManyWordsIsRefused422() async throws {
        try await app(maxTextCharacters: 1000).test(.router) { client in
            let (status, _, answer) = try await post(client, "/api/v1/explain", #"{"text": "ab", "method": "shap"}"#)
            #expect(status == .unprocessableContent)
            #expect(answer["error"] as? String == #""method" must be "occlusion" or absent (the model's own method)"#)
            let many = (0..<63).map { "w\($0)" }.joined(separator: " ")
            let (tooMany, _, refusal) = try await post(client, "/api/v1/explain", #"{"text": "\#(many)", "method": "occlusion"}"#)
            #expect(tooMany == .unprocessableContent)
            #expect(refusal["error"] as? String == "occlusion explains a text of at most 62 distinct words; this one has 63")
        }
    }

    @Test func theListingSaysWhichModelsExplainThemselvesAsExplainAnswers() async throws {
        try await app().test(.router) { client in
            let listing = try await client.execute(uri: "/api/v1/models", method: .get) { try json($0.body) }
            let models = try #require(listing["models"] as? [[String: Any]])
            let explainable = models.map { ($0["name"] as? String ?? "", $0["explainable"] as? Bool) }
            #expect(explainable.map(\.0) == ["lr", "tr"] && explainable.map(\.1) == [true, false])
            for (name, listed) in explainable {
                let (status, _, _) = try await post(client, "/api/v1/models/\(name)/explain", #"{"text": "ab cde"}"#)
                #expect((status == .ok) == listed, "\(name): \(status)")
            }
        }
    }

    @Test func predictsErrorsAnswerAsPredictAnswersThem() async throws {
        try await app().test(.router) { client in
            #expect(try await post(client, "/api/v1/explain", #"{"joker": "x"}"#).0 == .unprocessableContent)
            #expect(try await post(client, "/api/v1/models/xx/explain", #"{"text": "ab"}"#).0 == .notFound)
            #expect(try await post(client, "/api/v1/explain", "{").0 == .badRequest)
            let status = try await client.execute(uri: "/api/v1/explain", method: .get) { $0.status }
            #expect(status == .methodNotAllowed)
        }
    }
}
