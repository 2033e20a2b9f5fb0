import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PredictRouteTests {
    var app: some ApplicationProtocol { buildApplication(configuration: testConfiguration(), models: testRegistry()) }
    let joke = ByteBuffer(string: #"{"text": "Колобок повесился", "joker": "anon"}"#)

    @Test func defaultModelRatesAndNamesItselfInBodyAndHeaders() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: [.contentType: "application/json"], body: joke) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.headers[HTTPField.Name("X-Model")!] == "lr")
                #expect(response.headers[HTTPField.Name("X-Model-Version")!] == "1.0.0")
                let body = try json(response.body)
                #expect(body["model"] as? String == "lr")
                #expect(body["version"] as? String == "1.0.0")
                #expect(abs((body["rating"] as? Double ?? 0) - 1.7) < 1e-12)  // 17 code points × 0.1
            }
        }
    }

    @Test func theLengthLimitCountsCodePointsNotBytes() async throws {
        try await app.test(.router) { client in
            for letter in ["a", "я", "😀"] {
                for (count, status) in [(100, HTTPResponse.Status.ok), (101, .unprocessableContent)] {
                    let body = ByteBuffer(string: #"{"text": "\#(String(repeating: letter, count: count))"}"#)
                    try await client.execute(uri: "/api/v1/predict", method: .post, body: body) { response in
                        #expect(response.status == status, "\(count) × \(letter)")
                    }
                }
            }
        }
    }

    @Test func selectionPrecedenceIsPathThenHeaderThenQueryThenDefault() async throws {
        try await app.test(.router) { client in
            let cases: [(uri: String, header: String?, model: String)] = [
                ("/api/v1/predict", "tr", "tr"),
                ("/api/v1/predict?model=tr", nil, "tr"),
                ("/api/v1/predict?model=tr", "lr", "lr"),
                ("/api/v1/models/tr/predict", "lr", "tr"),
                ("/api/v1/models/lr/predict?model=tr", "tr", "lr"),
            ]
            for (uri, header, model) in cases {
                var headers: HTTPFields = [:]
                if let header { headers[HTTPField.Name("X-Model")!] = header }
                try await client.execute(uri: uri, method: .post, headers: headers, body: joke) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let body = try json(response.body)
                    #expect(body["model"] as? String == model, "\(uri) with header \(header ?? "none")")
                }
            }
        }
    }

    @Test func anUnknownModelIsA404ListingTheModelsNeverTheDefault() async throws {
        try await app.test(.router) { client in
            for (uri, header) in [("/api/v1/predict", "xx"), ("/api/v1/models/xx/predict", "lr"), ("/api/v1/predict?model=xx", "")] {
                try await client.execute(uri: uri, method: .post, headers: [HTTPField.Name("X-Model")!: header], body: joke) { response in
                    #expect(response.status == .notFound)
                    let body = try json(response.body)
                    #expect(body["error"] as? String == #"unknown model "xx"; available models: lr, tr"#)
                    #expect(body["models"] as? [String] == ["lr", "tr"])
                }
            }
        }
    }

    @Test func theSelectionHeaderIsConfigurable() async throws {
        var configuration = testConfiguration()
        configuration.modelHeader = "X-Joke-Model"
        try await buildApplication(configuration: configuration, models: testRegistry()).test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: [HTTPField.Name("X-Joke-Model")!: "tr"], body: joke) {
                response in
                let body = try json(response.body)
                #expect(body["model"] as? String == "tr")
            }
        }
    }

    /// Blank means every scalar is Unicode White_Space, as the OpenAPI document's pattern says: a space with
    /// a combining accent is a text (it was refused as blank when whole characters were checked).
    @Test func blankIsDecidedPerScalarAsTheDocumentSays() async throws {
        try await app.test(.router) { client in
            for (text, status) in [(" \u{301}", HTTPResponse.Status.ok), ("\u{85}\u{2028}\u{3000}", .unprocessableContent), ("\u{1C}", .ok)] {
                let body = ByteBuffer(data: try JSONEncoder().encode(["text": text]))
                #expect(
                    try await client.execute(uri: "/api/v1/predict", method: .post, body: body).status == status,
                    "\(text.unicodeScalars.map(\.value))"
                )
            }
        }
    }

    @Test func jokerIsOptionalAndMayBeNull() async throws {
        try await app.test(.router) { client in
            for body in [#"{"text": "ha"}"#, #"{"text": "ha", "joker": null}"#, #"{"text": "ha", "extra": [1, 2]}"#] {
                try await client.execute(uri: "/api/v1/predict", method: .post, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok, "\(body)")
                }
            }
        }
    }
}
