import Gateway
import Logging
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
        #expect(line.hasSuffix(" info jokemeter : a=1 hb.request.id=42 port=8080 listening\n"), "\(line)")
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 "#, options: .regularExpression) != nil, "\(line)")
    }
}
