import Testing
import TextFeatures
import Training

/// The word analyzer's token scan (edges written four at a time per 16 classes, single code points dropped
/// by a conditional count) finds what a plain scan of the code points finds: every maximal run of two or
/// more word characters, on texts whose tokens cross chunk edges, crowd one chunk, or end the text.
@Suite struct TokenScanTests {
    /// `(?u)\b\w\w+\b` over the lower-cased text, one code point at a time.
    private func referenceTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var run = String.UnicodeScalarView()
        for scalar in TextPreprocessing.pythonLowercased(text).unicodeScalars + [" "] {
            if scalar.isPythonWordCharacter {
                run.append(scalar)
                continue
            }
            if run.count >= 2 { tokens.append(String(run)) }
            run = String.UnicodeScalarView()
        }
        return tokens
    }

    /// The tokens by both routes: plain unigrams (single code points dropped in the term loop) and, with a
    /// stop word that never occurs, the compacted token list the n-gram and stop-word paths use.
    private func tokens(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let unigrams = TfidfVectorizer.terms(of: text, settings: TfidfSettings())
        let compacted = TfidfVectorizer.terms(of: text, settings: TfidfSettings(stopWords: ["\u{0}"]))
        #expect(unigrams == compacted, "\(text)", sourceLocation: sourceLocation)
        return unigrams
    }

    @Test func tokensCrowdedIntoOneChunkOrEndingAtItsEdge() {
        let texts = [
            "a b c d e f g h i j k l m n o p", "ab cd ef gh ij kl mn op qr st", "a1 b2 c3 d4 e5 f6 g7 h8",
            String(repeating: "x", count: 16), String(repeating: "ж", count: 8), String(repeating: "ab ", count: 11) + "a",
            "aaaaaaaaaaaaaaa b", "aaaaaaaaaaaaaaaa b", "aaaaaaaaaaaaaaaaa", "я", "ям", "", " ", "😀😀 𝐀𝐀 𝐀 中文 中",
        ]
        for text in texts { #expect(tokens(text) == referenceTokens(text), "\(text)") }
    }

    @Test func generatedTexts() {
        var generator = SplitMix64(seed: 16)
        let alphabet = Array("aZ9_ ,.-\tЖжЁё中😀𝐀\u{301}".unicodeScalars) + Array(repeating: " ", count: 4) + Array(repeating: "a", count: 6)
        for _ in 0..<3_000 {
            let text = String(
                String.UnicodeScalarView((0..<Int.random(in: 0...70, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            )
            #expect(tokens(text) == referenceTokens(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
