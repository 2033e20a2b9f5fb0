import Foundation
import Registry
import Testing

/// ``JSONValueDecoder`` decodes what Foundation's `JSONDecoder` decodes and fails where it fails, with the
/// same kind of error and coding path: artifacts name the field at fault through it.
@Suite struct JSONValueDecoderTests {
    struct Section: Codable, Equatable {
        var name: String
        var count: Int
        var weights: [Double]
        var ids: [Int]
        var terms: [String]
        var flag: Bool?
        var nested: [Nested]
        var small: Int32
        var ratio: Float
    }

    struct Nested: Codable, Equatable {
        var pair: [Int]
        var note: String?
    }

    /// A subclass-style decoding: its own field, then the "super" object through `superDecoder()`.
    struct WithSuper: Decodable, Equatable {
        var own: Int
        var inherited: Nested
        enum CodingKeys: String, CodingKey { case own }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            own = try container.decode(Int.self, forKey: .own)
            inherited = try Nested(from: container.superDecoder())
        }
    }

    /// Counts leading nulls with `decodeNil()`, which must throw past the end.
    struct NullsThenEnd: Decodable {
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            while try container.decodeNil() {}
        }
    }

    private func value(_ text: String) throws -> JSONValue {
        try Data(text.utf8).withUnsafeBytes { try JSONValue(parsing: $0, allowingNonFiniteNumbers: true) }
    }

    private func decodeError<T: Decodable>(_ type: T.Type, _ text: String) throws -> DecodingError? {
        do {
            _ = try JSONValueDecoder.decode(type, from: try value(text))
            return nil
        } catch let error as DecodingError {
            return error
        }
    }

    private let document = #"""
        {"name": "lr", "count": 3, "weights": [0.5, -1e-3, 2], "ids": [0, 7], "terms": ["шутка", ""], "flag": null,
         "nested": [{"pair": [1, 2]}, {"pair": [], "note": "x"}], "small": -5, "ratio": 0.25, "extra": {"ignored": [1]}}
        """#

    @Test func decodesWhatFoundationDecodes() throws {
        let ours = try JSONValueDecoder.decode(Section.self, from: try value(document))
        let foundation = try JSONDecoder().decode(Section.self, from: Data(document.utf8))
        #expect(ours == foundation)
        #expect(ours.nested[1].note == "x" && ours.flag == nil)
    }

    @Test func pythonsNonFiniteNumbersAndTheirStringSpellingsDecodeAsDoubles() throws {
        let numbers = try JSONValueDecoder.decode([Double].self, from: try value(#"[NaN, Infinity, -Infinity, "NaN", "-Infinity"]"#))
        #expect(numbers[0].isNaN && numbers[3].isNaN)
        #expect(numbers[1] == .infinity && numbers[2] == -.infinity && numbers[4] == -.infinity)
    }

    @Test func freeFormValuesComeThroughWhole() throws {
        let params = try JSONValueDecoder.decode([String: JSONValue].self, from: try value(#"{"alpha": 3, "grid": [1, "a", null]}"#))
        #expect(params == ["alpha": .number(3), "grid": .array([.number(1), .string("a"), .null])])
    }

    /// Each failure, as `ArtifactError` renders it: the path of the field and what is wrong.
    @Test(arguments: [
        (#"{"count": 3}"#, "name", "is missing"),
        (#"{"name": 3}"#, "name", "has the wrong type; expected a string"),
        (#"{"name": null}"#, "name", "is null; expected a string"),
        (#"{"name": "a", "count": 2.5}"#, "count", "the number 2.5 does not fit in Int"),
        (#"{"name": "a", "count": 1, "weights": [1, "x"]}"#, "weights[1]", "has the wrong type; expected a number"),
        (#"{"name": "a", "count": 1, "weights": {}}"#, "weights", "has the wrong type; expected an array"),
        (#"{"name": "a", "count": 1, "weights": [], "ids": [1, null]}"#, "ids[1]", "is null; expected an integer"),
        (#"{"name": "a", "count": 1, "weights": [], "ids": [], "terms": [1]}"#, "terms[0]", "has the wrong type; expected a string"),
        (
            #"{"name": "a", "count": 1, "weights": [], "ids": [], "terms": [], "nested": [{"pair": [1]}, {"pair": "no"}]}"#,
            "nested[1].pair", "has the wrong type; expected an array"
        ),
        (#"{"name": "a", "count": 1, "weights": [], "ids": [], "terms": [], "nested": null}"#, "nested", "is null; expected an array"),
        (
            #"{"name": "a", "count": 1, "weights": [], "ids": [], "terms": [], "nested": [], "small": 3000000000}"#,
            "small", "the number 3000000000.0 does not fit in Int32"
        ),
        (#"[]"#, "", "has the wrong type; expected an object"),
    ])
    func failuresNameTheField(text: String, field: String, reason: String) throws {
        let error = try #require(try decodeError(Section.self, text))
        #expect(ArtifactError(error) == ArtifactError(field: field, reason: reason))
    }

    @Test func superDecodersAndTheEndOfAnArrayBehaveAsFoundationSays() throws {
        let text = #"{"own": 1, "super": {"pair": [2]}}"#
        #expect(try JSONValueDecoder.decode(WithSuper.self, from: try value(text)) == JSONDecoder().decode(WithSuper.self, from: Data(text.utf8)))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NullsThenEnd.self, from: Data("[null]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(NullsThenEnd.self, from: try value("[null]")) }
    }

    @Test func anObjectWhereNullStandsIsMissing() throws {
        let error = try #require(try decodeError(Nested.self, "null"))
        #expect(ArtifactError(error).reason == "is null; expected an object")
    }
}
