import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every bad input gets its status and a JSON `{"error": …}` body; none gets a 500.
@Suite struct ErrorResponseTests {
    var app: some ApplicationProtocol { buildApplication(configuration: testConfiguration(), models: testRegistry()) }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .post
        var uri = "/api/v1/predict"
        var contentType: String? = "application/json"
        var body: [UInt8]?
        var status: HTTPResponse.Status
        var error: String

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", body: Array(#"{"text": "#.utf8), status: .badRequest, error: "the body is not valid JSON"),
        Case(name: "empty body", body: [], status: .badRequest, error: "the body is not valid JSON: the body is empty"),
        Case(name: "invalid UTF-8", body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D], status: .badRequest, error: "the body is not valid UTF-8"),
        Case(name: "not an object", body: Array(#"["text"]"#.utf8), status: .unprocessableContent, error: "the body must be a JSON object"),
        Case(name: "missing text", body: Array(#"{"joker": "x"}"#.utf8), status: .unprocessableContent, error: #""text" is missing"#),
        Case(name: "null text", body: Array(#"{"text": null}"#.utf8), status: .unprocessableContent, error: #""text" is missing"#),
        Case(name: "empty text", body: Array(#"{"text": ""}"#.utf8), status: .unprocessableContent, error: #""text" is empty"#),
        Case(name: "blank text", body: Array(#"{"text": " \n\t "}"#.utf8), status: .unprocessableContent, error: #""text" is empty"#),
        Case(name: "numeric text", body: Array(#"{"text": 42}"#.utf8), status: .unprocessableContent, error: #""text" must be a string"#),
        Case(
            name: "a number too large for a double",
            body: Array(#"{"text": -1e999999}"#.utf8),
            status: .unprocessableContent,
            error: #""text" must be a string"#
        ),
        Case(name: "array text", body: Array(#"{"text": ["a"]}"#.utf8), status: .unprocessableContent, error: #""text" must be a string"#),
        Case(
            name: "numeric joker",
            body: Array(#"{"text": "a", "joker": 1}"#.utf8),
            status: .unprocessableContent,
            error: #""joker" must be a string"#
        ),
        Case(
            name: "text over the limit",
            body: Array(#"{"text": "\#(String(repeating: "ё", count: 101))"}"#.utf8),
            status: .unprocessableContent,
            error: #""text" has 101 characters; the limit is 100"#
        ),
        Case(
            name: "body over the limit",
            body: Array(#"{"text": "\#(String(repeating: "a", count: 2000))"}"#.utf8),
            status: .contentTooLarge,
            error: "the body is larger than the limit of 1024 bytes"
        ),
        Case(
            name: "form content type",
            contentType: "application/x-www-form-urlencoded",
            body: Array(#"{"text": "a"}"#.utf8),
            status: .unsupportedMediaType,
            error: "Content-Type application/x-www-form-urlencoded is not supported; send application/json"
        ),
        Case(
            name: "text content type",
            contentType: "text/plain",
            body: Array(#"{"text": "a"}"#.utf8),
            status: .unsupportedMediaType,
            error: "Content-Type text/plain"
        ),
        Case(name: "unknown route", uri: "/api/v1/nothing", body: [], status: .notFound, error: "no route /api/v1/nothing"),
        Case(name: "unknown root route", method: .get, uri: "/nothing", status: .notFound, error: "no route /nothing"),
        Case(name: "GET predict", method: .get, status: .methodNotAllowed, error: "method not allowed; this route accepts POST"),
        Case(
            name: "DELETE predict by path",
            method: .delete,
            uri: "/api/v1/models/lr/predict",
            status: .methodNotAllowed,
            error: "this route accepts POST"
        ),
        Case(
            name: "POST version",
            method: .post,
            uri: "/api/v1/version",
            body: Array("{}".utf8),
            status: .methodNotAllowed,
            error: "this route accepts GET"
        ),
        Case(name: "PUT ready", method: .put, uri: "/api/v1/ready", status: .methodNotAllowed, error: "this route accepts GET"),
    ]

    @Test(arguments: cases)
    func badInputGetsItsStatusAndAJSONError(_ test: Case) async throws {
        try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            if let contentType = test.contentType { headers[.contentType] = contentType }
            let body = test.body.map { ByteBuffer(bytes: $0) }
            let answer = try await client.request(test.uri, method: test.method, headers: headers, body: body, as: ErrorBody.self)
            #expect(answer.status == test.status)
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            let error = try answer.error.message
            #expect(error.contains(test.error), "\(error)")
            if test.status == .methodNotAllowed { #expect(answer.headers[.allow] != nil) }
        }
    }

    @Test func everySingleByteCorruptionOfAValidBodyGetsAClientErrorOrAnAnswerNeverA500() async throws {
        let valid = Array(#"{"text": "Колобок", "joker": "anon"}"#.utf8)
        let replacements: [UInt8] = [0x00, 0x22, 0x2C, 0x5C, 0x7B, 0x7D, 0x80, 0xFF]
        var bodies: [[UInt8]] = []
        for position in valid.indices {
            var removed = valid
            removed.remove(at: position)
            bodies.append(removed)
            for byte in replacements {
                var replaced = valid
                replaced[position] = byte
                bodies.append(replaced)
                var inserted = valid
                inserted.insert(byte, at: position)
                bodies.append(inserted)
            }
        }
        let allowed: Set<HTTPResponse.Status> = [.ok, .badRequest, .unprocessableContent]
        try await app.test(.router) { [bodies] client in
            for body in bodies {
                try await client.execute(uri: "/api/v1/predict", method: .post, body: ByteBuffer(bytes: body)) { response in
                    #expect(allowed.contains(response.status), "\(response.status) for \(String(decoding: body, as: UTF8.self))")
                    #expect((try? json(response.body)) != nil)
                }
            }
        }
    }

    @Test func jsonContentTypesAndNoContentTypeAreAccepted() async throws {
        try await app.test(.router) { client in
            for contentType in [nil, "application/json", "application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"] {
                var headers: HTTPFields = [:]
                if let contentType { headers[.contentType] = contentType }
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: #"{"text":"a"}"#)) {
                    #expect($0.status == .ok, "\(contentType ?? "no Content-Type")")
                }
            }
        }
    }

    @Test func aDeclaredContentLengthOverTheLimitIsRefusedBeforeReading() async throws {
        try await app.test(.router) { client in
            // The test client sets Content-Length from the body; a 2 KiB body declares 2048.
            try await client.execute(uri: "/api/v1/predict", method: .post, body: ByteBuffer(repeating: 0x20, count: 2048)) {
                #expect($0.status == .contentTooLarge)
            }
        }
    }
}
