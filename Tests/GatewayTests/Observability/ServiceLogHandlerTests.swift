import Foundation
import Gateway
import Logging
import NIOCore
import Synchronization
import Testing

@Suite struct ServiceLogHandlerTests {
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
    }

    @Test func linesCarryLevelLabelSortedMetadataAndMessage() {
        let lines = Lines()
        var logger = Logger(label: "jokemeter") { ServiceLogHandler(label: $0) { line in lines.value.withLock { $0.append(line) } } }
        logger[metadataKey: "hb.request.id"] = "42"
        logger[metadataKey: "a"] = "1"
        logger.info("listening", metadata: ["port": "8080"])
        logger.debug("not at info level")
        let written = lines.value.withLock { $0 }
        #expect(written.count == 1)
        let line = written.first ?? ""
        #expect(line.hasSuffix(" info jokemeter : a=1 port=8080 request_id=42 listening\n"), "\(line)")
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 "#, options: .regularExpression) != nil, "\(line)")
    }
}

extension ServiceLogHandlerTests {
    @Test func jsonLinesEscapeTextKeepNumbersAndNameTheRequestID() throws {
        let lines = Lines()
        var logger = Logger(label: "jokemeter") { ServiceLogHandler(label: $0, format: .json) { line in lines.value.withLock { $0.append(line) } } }
        logger[metadataKey: "hb.request.id"] = "42"
        logger.warning("a \"quoted\"\nline", metadata: ["status": .stringConvertible(503), "ms": .stringConvertible(1.5), "path": "/x"])
        let line = try #require(lines.value.withLock { $0.first })
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        // Read raw: the point is the JSON itself (a number stays a number, a key is absent).
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "a \"quoted\"\nline")
        #expect(object["level"] as? String == "warning")
        #expect(object["status"] as? Int == 503)
        #expect(object["ms"] as? Double == 1.5)
        #expect(object["path"] as? String == "/x")
        #expect(object["request_id"] as? String == "42")
        #expect(object["hb.request.id"] == nil)
    }
}

extension ServiceLogHandlerTests {
    @Test func timestampsAreUTCSecondsWrittenDigitByDigit() {
        for (seconds, expected) in [
            (0, "1970-01-01T00:00:00+0000"), (951_782_400, "2000-02-29T00:00:00+0000"), (1_796_191_199, "2026-12-02T05:59:59+0000"),
        ] {
            var buffer = ByteBuffer()
            buffer.writeTimestamp(time_t(seconds))
            #expect(String(buffer: buffer) == expected)
        }
    }
}
