import Gateway
import Registry
import Testing

/// The shapes of an embedding request's inputs, and the refusals, named by field.
@Suite struct EmbeddingRequestInputsTests {
    private let limits = InputLimits(maxTextCharacters: 10, maxBatchSize: 3)

    private func read(_ json: String, prompt: String? = nil) throws(EmbeddingRequestFault) -> [EmbeddingInput] {
        let value = try! Array(json.utf8).withUnsafeBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes, keepingHugeNumbers: true) }
        return try EmbeddingRequestInputs.read(value, field: "input", prompt: prompt, limits: limits)
    }

    @Test func everyShapeOfTheAPIsIsRead() throws {
        #expect(try read(#""a joke""#) == [.text("a joke")])
        #expect(try read(#""a joke""#, prompt: "passage") == [.text("a joke", prompt: "passage")])
        #expect(try read(#"["a", "b"]"#) == [.text("a"), .text("b")])
        #expect(try read("[0, 41, 2]") == [.tokenIDs([0, 41, 2])])
        #expect(try read("[[0, 41], [7]]") == [.tokenIDs([0, 41]), .tokenIDs([7])])
        #expect(try read(#"["a", [7]]"#) == [.text("a"), .tokenIDs([7])])
    }

    @Test(arguments: [
        ("null", "\"input\" is missing", false), ("[]", "\"input\" is an empty list", true), (#"" ""#, "\"input\" is empty", true),
        (#""abcdefghijk""#, "has 11 characters; the limit is 10", false), (#"["a", "b", "c", "d"]"#, "at most 3 are embedded", false),
        ("[1.5]", "integers of 0 or more", false), ("[-1]", "integers of 0 or more", false), ("[[]]", "empty list of token ids", true),
        (#"["a", 5]"#, "\"input[1]\" must be a string or a list", false), ("true", "must be a string, a list of strings", false),
        ("[3e10]", "integers of 0 or more", false),
    ])
    func refusalsSayWhatIsWrong(json: String, words: String, empty: Bool) {
        do {
            _ = try read(json)
            Issue.record("\(json) was read")
        } catch {
            #expect(error.message.contains(words), "\(json): \(error.message)")
            #expect(error.field == "input" && error.isEmpty == empty, "\(json)")
        }
    }
}
