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

    @Test func theExplanationNamesTheModelAndEachTermsContributionAndSpans() async throws {
        try await app().test(.router) { client in
            for uri in ["/api/v1/explain", "/api/v1/models/lr/explain"] {
                let answer = try await client.post(uri, #"{"text": "ab cde", "joker": "anon"}"#, as: ExplainedRating.self)
                #expect(answer.status == .ok, "\(uri)")
                #expect(answer.headers[.modelName] == "lr")
                let explained = try answer.value
                #expect(explained.model == "lr" && explained.version == "1.0.0" && explained.kind == "length")
                #expect(explained.method == "linear")
                #expect(explained.rating == 3 && explained.base == 0.5)
                #expect(try json(answer.body)["path"] == nil, "absent, not null: read raw")
                #expect(explained.contributions.map(\.term) == ["cde", "ab"])
                #expect(explained.contributions.map(\.contribution) == [1.5, 1])
                #expect(explained.contributions.map(\.weight) == [0.5, 0.5])
                #expect(explained.contributions.map(\.spans) == [[[3, 6]], [[0, 2]]])
            }
        }
    }

    @Test func aModelThatCannotExplainIsRefused422NamingItsKind() async throws {
        try await app().test(.router) { client in
            for (uri, model) in [("/api/v1/explain", "tr"), ("/api/v1/models/tr/explain", nil)] as [(String, String?)] {
                let answer = try await client.explain("ab", model: model, at: uri)
                #expect(answer.status == .unprocessableContent)
                #expect(
                    try answer.error.message
                        == #"model tr is of kind length, which cannot explain its ratings by itself; ask for {"method": "occlusion"}"#
                )
                #expect(answer.headers[.modelName] == "tr")
            }
        }
    }

    @Test func occlusionWhenAskedRatesTheTextWithoutEachWordThroughTheModel() async throws {
        try await app().test(.router) { client in
            let answer = try await client.explain("ab cde AB", method: "occlusion", at: "/api/v1/models/tr/explain")
            #expect(answer.status == .ok)
            let explained = try answer.value
            #expect(explained.method == "occlusion" && explained.model == "tr")
            // 9 scalars rate 1.8; without "ab" (both) 5, without "cde" 6, without every word 2 (the two spaces).
            #expect(abs(explained.rating - 1.8) < 1e-12 && abs(explained.base - 0.4) < 1e-12)
            let contributions = explained.contributions
            #expect(contributions.map(\.term) == ["ab", "cde"])
            #expect(zip(contributions.map(\.contribution), [0.8, 0.6]).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(contributions.map(\.value) == [2, 1])
            #expect(contributions.map(\.spans) == [[[0, 2], [7, 9]], [[3, 6]]])
            // Absent, not null: read raw.
            let raw = try #require(try json(answer.body)["contributions"] as? [[String: Any]])
            #expect(raw.allSatisfy { $0["weight"] == nil })
        }
    }

    @Test func anUnknownMethodOrTooManyWordsIsRefused422() async throws {
        try await app(maxTextCharacters: 1000).test(.router) { client in
            let unknown = try await client.explain("ab", method: "shap")
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.error.message == #""method" must be "occlusion" or absent (the model's own method)"#)
            let many = (0..<63).map { "w\($0)" }.joined(separator: " ")
            let tooMany = try await client.explain(many, method: "occlusion")
            #expect(tooMany.status == .unprocessableContent)
            #expect(try tooMany.error.message == "occlusion explains a text of at most 62 distinct words; this one has 63")
        }
    }

    @Test func theListingSaysWhichModelsExplainThemselvesAsExplainAnswers() async throws {
        try await app().test(.router) { client in
            let models = try await client.get("/api/v1/models", as: ModelListing.self).value.models
            #expect(models.map(\.name) == ["lr", "tr"] && models.map(\.explainable) == [true, false])
            for model in models {
                let status = try await client.explain("ab cde", at: "/api/v1/models/\(model.name)/explain").status
                #expect((status == .ok) == model.explainable, "\(model.name): \(status)")
            }
        }
    }

    @Test func predictsErrorsAnswerAsPredictAnswersThem() async throws {
        try await app().test(.router) { client in
            #expect(try await client.post("/api/v1/explain", #"{"joker": "x"}"#, as: ExplainedRating.self).status == .unprocessableContent)
            #expect(try await client.explain("ab", at: "/api/v1/models/xx/explain").status == .notFound)
            #expect(try await client.post("/api/v1/explain", "{", as: ExplainedRating.self).status == .badRequest)
            let status = try await client.execute(uri: "/api/v1/explain", method: .get) { $0.status }
            #expect(status == .methodNotAllowed)
        }
    }
}
