import Foundation
import Gateway
import Testing

@Suite struct JSONObjectWriterTests {
    @Test func writesWhatFoundationReadsBackAndEscapesStrings() throws {
        var writer = JSONObjectWriter()
        writer.add("model", "l\"r\\\n\u{01}Ж")
        writer.add("rating", 2.718281828459045)
        writer.add("version", "1.0.0")
        let text = writer.json
        #expect(text == #"{"model":"l\"r\\\n\u0001Ж","rating":2.718281828459045,"version":"1.0.0"}"#)
        // Read raw, as Foundation reads any JSON: the point is that it reads this writer's.
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["model"] as? String == "l\"r\\\n\u{01}Ж")
        #expect(object?["rating"] as? Double == 2.718281828459045)
        #expect(writer.response().headers[.contentType] == "application/json; charset=utf-8")
    }
}
