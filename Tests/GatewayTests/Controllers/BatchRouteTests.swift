import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct BatchRouteTests {
    var app: some ApplicationProtocol {
        var configuration = testConfiguration()
        configuration.maxBatchSize = 3
        return buildApplication(configuration: configuration, models: testRegistry())
    }

    @Test func ratesEveryTextInOrderWithTheSelectedModel() async throws {
        try await app.test(.router) { client in
            let answer = try await client.predict(batch: ["ab", "abcd", "Колобок"], joker: "anon")
            #expect(answer.status == .ok)
            let batch = try answer.value
            #expect(batch.model == "lr")
            #expect(batch.version == "1.0.0")
            #expect(answer.headers[.modelName] == "lr")
            #expect(zip(batch.ratings, [0.2, 0.4, 0.7]).allSatisfy { abs($0 - $1) < 1e-12 })

            #expect(try await client.predict(batch: ["ab"], model: "tr").value.model == "tr")
            #expect(try await client.predict(batch: ["ab"], at: "/api/v1/models/tr/predict/batch").value.ratings == [0.4])
        }
    }

    @Test func aBatchRatesAsSinglePredictionsDo() async throws {
        try await app.test(.router) { client in
            let texts = ["Штирлиц", "a b c", "ёжик"]
            let batch = try await client.predict(batch: texts)
            var singles: [Double] = []
            for text in texts {
                singles.append(try await client.predict(text).value.rating)
            }
            #expect(try batch.value.ratings == singles)
        }
    }

    @Test func refusesBadBatchesWith422NamingTheFault() async throws {
        try await app.test(.router) { client in
            let cases: [(body: String, error: String)] = [
                (#"{"text": "a"}"#, #""texts" is missing; send {"texts": ["a joke", "another"]}"#),
                (#"{"texts": "a"}"#, #""texts" must be an array of strings"#),
                (#"{"texts": []}"#, #""texts" is empty"#),
                (#"{"texts": ["a", "b", "c", "d"]}"#, #""texts" has 4 items; the limit is 3"#),
                (#"{"texts": ["a", 5]}"#, #""texts[1]" must be a string"#),
                (#"{"texts": ["a", null]}"#, #""texts[1]" must be a string"#),
                (#"{"texts": ["a", " "]}"#, #""texts[1]" is empty"#),
                (#"{"texts": ["\#(String(repeating: "я", count: 101))"]}"#, #""texts[0]" has 101 characters; the limit is 100"#),
                (#"{"texts": ["a"], "joker": 1}"#, #""joker" must be a string"#),
            ]
            for (body, error) in cases {
                let answer = try await client.post("/api/v1/predict/batch", body, as: BatchPrediction.self)
                #expect(answer.status == .unprocessableContent, "\(body)")
                #expect(try answer.error.message == error)
                #expect(answer.headers[.modelName] == "lr", "an error after selection names the model")
            }
        }
    }

    @Test func onlyPostIsAllowed() async throws {
        try await app.test(.router) { client in
            for uri in ["/api/v1/predict/batch", "/api/v1/models/lr/predict/batch"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "POST")
                }
            }
        }
    }
}
