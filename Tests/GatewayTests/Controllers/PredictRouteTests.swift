import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PredictRouteTests {
    var app: some ApplicationProtocol { buildApplication(configuration: testConfiguration(), models: testRegistry()) }
    let joke = "Колобок повесился"

    @Test func defaultModelRatesAndNamesItselfInBodyAndHeaders() async throws {
        try await app.test(.router) { client in
            let answer = try await client.predict(joke, joker: "anon")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(answer.headers[.modelName] == "lr")
            #expect(answer.headers[.modelVersion] == "1.0.0")
            let prediction = try answer.value
            #expect(prediction.model == "lr")
            #expect(prediction.version == "1.0.0")
            #expect(abs(prediction.rating - 1.7) < 1e-12)  // 17 code points × 0.1
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
                let answer = try await client.predict(joke, joker: "anon", model: header, at: uri)
                #expect(answer.status == .ok, "\(uri)")
                #expect(try answer.value.model == model, "\(uri) with header \(header ?? "none")")
            }
        }
    }

    @Test func anUnknownModelIsA404ListingTheModelsNeverTheDefault() async throws {
        try await app.test(.router) { client in
            for (uri, header) in [("/api/v1/predict", "xx"), ("/api/v1/models/xx/predict", "lr"), ("/api/v1/predict?model=xx", "")] {
                let answer = try await client.predict(joke, joker: "anon", model: header, at: uri)
                #expect(answer.status == .notFound)
                #expect(try answer.error.message == #"unknown model "xx"; available models: lr, tr"#)
                #expect(try answer.error.models == ["lr", "tr"])
            }
        }
    }

    @Test func theSelectionHeaderIsConfigurable() async throws {
        var configuration = testConfiguration()
        configuration.modelHeader = "X-Joke-Model"
        try await buildApplication(configuration: configuration, models: testRegistry()).test(.router) { client in
            let answer = try await client.predict(joke, joker: "anon", headers: [HTTPField.Name("X-Joke-Model")!: "tr"])
            #expect(try answer.value.model == "tr")
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
