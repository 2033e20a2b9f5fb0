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

    private func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ body: String,
        headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, response.headers, try json(response.body))
        }
    }

    @Test func ratesEveryTextInOrderWithTheSelectedModel() async throws {
        try await app.test(.router) { client in
            let (status, headers, body) = try await post(client, "/api/v1/predict/batch", #"{"texts": ["ab", "abcd", "Колобок"], "joker": "anon"}"#)
            #expect(status == .ok)
            #expect(body["model"] as? String == "lr")
            #expect(body["version"] as? String == "1.0.0")
            #expect(headers[HTTPField.Name("X-Model")!] == "lr")
            let ratings = try #require(body["ratings"] as? [Double])
            #expect(zip(ratings, [0.2, 0.4, 0.7]).allSatisfy { abs($0 - $1) < 1e-12 })

            let (_, _, byHeader) = try await post(client, "/api/v1/predict/batch", #"{"texts": ["ab"]}"#, headers: [HTTPField.Name("X-Model")!: "tr"])
            #expect(byHeader["model"] as? String == "tr")
            let (_, _, byPath) = try await post(client, "/api/v1/models/tr/predict/batch", #"{"texts": ["ab"]}"#)
            #expect(byPath["ratings"] as? [Double] == [0.4])
        }
    }

    @Test func aBatchRatesAsSinglePredictionsDo() async throws {
        try await app.test(.router) { client in
            let texts = ["Штирлиц", "a b c", "ёжик"]
            let (_, _, batch) = try await post(
                client,
                "/api/v1/predict/batch",
                String(data: try JSONEncoder().encode(["texts": texts]), encoding: .utf8)!
            )
            var singles: [Double] = []
            for text in texts {
                let (_, _, single) = try await post(
                    client,
                    "/api/v1/predict",
                    String(data: try JSONEncoder().encode(["text": text]), encoding: .utf8)!
                )
                singles.append(try #require(single["rating"] as? Double))
            }
            #expect(batch["ratings"] as? [Double] == singles)
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
                let (status, headers, answer) = try await post(client, "/api/v1/predict/batch", body)
                #expect(status == .unprocessableContent, "\(body)")
                #expect(answer["error"] as? String == error)
                #expect(headers[HTTPField.Name("X-Model")!] == "lr", "an error after selection names the model")
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
