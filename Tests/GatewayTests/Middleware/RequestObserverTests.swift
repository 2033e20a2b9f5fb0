import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// One log line per request, in JSON when asked, and a request id echoed in every answer.
@Suite struct RequestObserverTests {
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
        var all: [String] { value.withLock { $0 } }
    }

    private func app(_ lines: Lines, format: LogFormat) -> some ApplicationProtocol {
        var configuration = testConfiguration()
        configuration.logLevel = .info
        var logger = Logger(label: "jokemeter") { label in
            ServiceLogHandler(label: label, format: format) { line in lines.value.withLock { $0.append(line) } }
        }
        logger.logLevel = .info
        return buildApplication(configuration: configuration, models: testRegistry(), logger: logger)
    }

    private static let requestID = HTTPField.Name("X-Request-Id")!

    /// A JSON log line, as far as these tests read one: the fields of a request's line are there only in one.
    private struct RequestLine: Decodable {
        var message: String?
        var method: String?
        var route: String?
        var model: String?
        var status: Int?
        var durationMs: Double?
        var requestID: String?
        var level: String?
        var logger: String?
        var time: String?

        enum CodingKeys: String, CodingKey {
            case message, method, route, model, status, level, logger, time
            case durationMs = "duration_ms"
            case requestID = "request_id"
        }
    }

    @Test func oneJSONLinePerRequestWithMethodRouteModelStatusDurationAndTheClientsRequestID() async throws {
        let lines = Lines()
        try await app(lines, format: .json).test(.router) { client in
            let body = ByteBuffer(string: #"{"text": "a joke"}"#)
            try await client.execute(
                uri: "/api/v1/models/tr/predict",
                method: .post,
                headers: [Self.requestID: "client-42"],
                body: body
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.requestID] == "client-42")
            }
        }
        let requestLines = lines.all.compactMap { try? JSONDecoder().decode(RequestLine.self, from: Data($0.utf8)) }
            .filter { $0.message == "request" }
        #expect(requestLines.count == 1)
        let line = try #require(requestLines.first)
        #expect(line.method == "POST")
        #expect(line.route == "/api/v1/models/{name}/predict")
        #expect(line.model == "tr")
        #expect(line.status == 200)
        #expect(line.durationMs.map { $0 > 0 && $0 < 60_000 } == true)
        #expect(line.requestID == "client-42")
        #expect(line.level == "info")
        #expect(line.logger == "jokemeter")
        #expect(line.time?.hasSuffix("+0000") == true)
    }

    @Test func aMissingOrUnusableRequestIDIsReplacedByANewOne() async throws {
        let lines = Lines()
        try await app(lines, format: .text).test(.router) { client in
            var seen: Set<String> = []
            for proposed in [nil, "", "has space", String(repeating: "x", count: 129)] {
                var headers: HTTPFields = [:]
                if let proposed { headers[Self.requestID] = proposed }
                try await client.execute(uri: "/api/v1/health", method: .get, headers: headers) { response in
                    let id = response.headers[Self.requestID] ?? ""
                    #expect(id.count == 32 && id.allSatisfy(\.isHexDigit), "\(id)")
                    seen.insert(id)
                }
            }
            #expect(seen.count == 4)
        }
        let requestLines = lines.all.filter { $0.hasSuffix(" request\n") }
        #expect(requestLines.count == 4)
        #expect(requestLines.allSatisfy { $0.contains(" route=/api/v1/health ") && $0.contains(" status=200 ") && $0.contains(" request_id=") })
    }

    @Test func newRequestIDsAreThePrefixAndTheCounterIn16HexDigitsEach() {
        #expect(RequestIdentifier.make(prefix: 0x0123_4567_89AB_CDEF, count: 1) == "0123456789abcdef0000000000000001")
        #expect(RequestIdentifier.make(prefix: 0, count: .max) == "0000000000000000ffffffffffffffff")
        #expect(RequestIdentifier.make(prefix: 0xF0, count: 0xA_0000_0000_0000) == "00000000000000f0000a000000000000")
    }

    @Test func errorsAreLoggedWithTheirStatusAndTheChosenModel() async throws {
        let lines = Lines()
        try await app(lines, format: .text).test(.router) { client in
            let answer = try await client.post("/api/v1/predict", "{}", headers: [.modelName: "tr"], as: Prediction.self)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.headers[.modelName] == "tr")
        }
        #expect(lines.all.contains { $0.contains(" model=tr ") && $0.contains(" status=422 ") && $0.hasSuffix(" request\n") })
    }
}
