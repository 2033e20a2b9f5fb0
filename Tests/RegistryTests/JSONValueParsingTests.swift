import Foundation
import Registry
import Testing

@Suite struct JSONValueParsingTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func parse(_ bytes: [UInt8], allowingNonFiniteNumbers: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { copy.deallocate() }
        copy.copyBytes(from: bytes)
        return try JSONValue(parsing: UnsafeRawBufferPointer(copy), allowingNonFiniteNumbers: allowingNonFiniteNumbers)
    }

    private func failure(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKindOfValue() throws {
        let value = try parse(#" {"text": "Штирлиц", "n": -1.5e3, "ok": true, "no": false, "none": null, "list": [1, [], {}], "zero": 0} "#)
        #expect(
            value
                == .object([
                    "text": .string("Штирлиц"), "n": .number(-1500), "ok": .bool(true), "no": .bool(false), "none": .null,
                    "list": .array([.number(1), .array([]), .object([:])]), "zero": .number(0),
                ])
        )
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u0416\ud83d\ude00""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\tЖ😀"))
    }

    @Test func pythonsNonFiniteNumbersOnlyWhenAllowed() throws {
        let value = try parse(Array("[NaN, Infinity, -Infinity, -1]".utf8), allowingNonFiniteNumbers: true)
        guard case .array(let numbers) = value, numbers.count == 4, case .number(let nan) = numbers[0] else {
            Issue.record("expected four numbers, got \(value)")
            return
        }
        #expect(nan.isNaN)
        #expect(Array(numbers.dropFirst()) == [.number(.infinity), .number(-.infinity), .number(-1)])
        #expect(failure("[Infinity]")?.description == "unexpected character 'I' at byte 1")
        #expect(failure("-Infinity")?.description == "a number needs a digit at byte 1")
        #expect(throws: JSONSyntaxError.self) { try parse(Array("[Inf]".utf8), allowingNonFiniteNumbers: true) }
        #expect(throws: JSONSyntaxError.self) { try parse(Array("nan".utf8), allowingNonFiniteNumbers: true) }
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        #expect(try parse(#"{"a": 1, "a": 2}"#) == .object(["a": .number(2)]))
    }

    @Test func hugeNumbersCanBeKeptAsInfinities() throws {
        let text = "[1e400, -1e999999, 1]"
        let value = try Array(text.utf8).withUnsafeBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes, keepingHugeNumbers: true) }
        #expect(value == .array([.number(.infinity), .number(-.infinity), .number(1)]))
    }

    @Test(arguments: [
        ("", "unexpected end of the document at byte 0"),
        ("{", "expected a string key at byte 1"),
        (#"{"a" 1}"#, "expected ':' after a key at byte 5"),
        (#"{"a": 1,}"#, "expected a string key at byte 8"),
        ("[1 2]", "expected ',' or ']' in an array at byte 3"),
        ("01", "unexpected text after the JSON value at byte 1"),
        ("1.", "a fraction needs a digit at byte 2"),
        ("1e", "an exponent needs a digit at byte 2"),
        ("-", "a number needs a digit at byte 1"),
        ("1e400", "the number 1e400 is out of range at byte 0"),
        ("NaN", "unexpected character 'N' at byte 0"),
        ("tru", "unexpected word at byte 0"),
        ("\"a\u{01}\"", "control character 0x1 in a string; escape it at byte 2"),
        (#""\x""#, "unknown escape \\'x' at byte 2"),
        (#""\ud83d""#, "a high surrogate \\ud83d must be followed by a low one at byte 7"),
        (#""\ude00""#, "a lone low surrogate \\ude00 at byte 7"),
        (#""\u12"#, "\\u needs four hex digits at byte 3"),
        (#""abc"#, "unterminated string at byte 4"),
        ("{} {}", "unexpected text after the JSON value at byte 3"),
    ])
    func malformedDocumentsSayWhatAndWhere(text: String, message: String) {
        #expect(failure(text)?.description == message)
        #expect(failure(text)?.kind == .syntax)
    }

    @Test func invalidUTF8InAStringIsItsOwnKind() {
        do {
            _ = try parse([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.description == "a string is not valid UTF-8 at byte 2")
        }
    }

    @Test(
        arguments: [
            ([0x22, 0x61, 0x62, 0xFF, 0x22], 3),
            ([0x22, 0xD0, 0x96, 0xF0, 0x90, 0x80, 0x22], 3),
            ([0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22], 3),
            ([0x5B, 0x22, 0x61, 0x22, 0x2C, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], 6),
        ] as [([UInt8], Int)]
    )
    func invalidUTF8IsReportedWhereItStarts(bytes: [UInt8], offset: Int) {
        do {
            _ = try parse(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.offset == offset)
        }
    }

    @Test func nestingIsLimited() throws {
        let deepest = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(throws: Never.self) { try parse(deepest) }
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(failure(tooDeep)?.reason == "containers nest deeper than \(JSONValue.maximumDepth) levels")
    }

    @Test func agreesWithFoundationOnGeneratedDocuments() throws {
        let documents = [
            #"{"text": "joke \"quoted\" \\ back", "joker": "Вовочка", "k": [1, 2.5, -0.001, 1e-7, 123456789012]}"#,
            #"[{"a": {"b": {"c": [true, false, null]}}}, "", "\u00e9\u0301"]"#,
        ]
        for document in documents {
            let ours = try parse(document)
            let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
            #expect(ours == foundation)
        }
    }
}
