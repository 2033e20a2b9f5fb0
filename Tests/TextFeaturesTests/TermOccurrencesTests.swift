import Foundation
import Testing
import TextFeatures
import Training

/// Term occurrences and their spans, which explanations highlight: the same terms, in the same order and number,
/// as the analyzer's hot path gives, and spans that point at the text as it was submitted.
@Suite struct TermOccurrencesTests {
    private static let settingsUnderTest: [TfidfSettings] = [
        TfidfSettings(),
        TfidfSettings(lowercase: false),
        TfidfSettings(ngramRange: 1...3, stopWords: ["и", "the", "не"]),
        TfidfSettings(ngramRange: 2...2),
        TfidfSettings(analyzer: .char, ngramRange: 1...4),
        TfidfSettings(analyzer: .charWB, ngramRange: 2...5),
        TfidfSettings(analyzer: .charWB, lowercase: false, ngramRange: 1...3),
        TfidfSettings(stripAccents: .unicode),
        TfidfSettings(analyzer: .charWB, stripAccents: .ascii, ngramRange: 2...4),
        TfidfSettings(analyzer: .char, stripAccents: .unicode, ngramRange: 3...5),
    ]

    private func expectSameTermsAsTheAnalyzer(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalarCount = text.unicodeScalars.count
        for settings in Self.settingsUnderTest {
            let occurrences = TermAnalyzer(settings: settings).occurrences(in: text)
            #expect(
                occurrences.map(\.term) == TfidfVectorizer.terms(of: text, settings: settings),
                "terms of \(text.debugDescription) under \(settings)",
                sourceLocation: sourceLocation
            )
            for occurrence in occurrences {
                guard let span = occurrence.span else { continue }
                #expect(!span.isEmpty && span.lowerBound >= 0 && span.upperBound <= scalarCount, sourceLocation: sourceLocation)
            }
        }
    }

    private func spans(_ text: String, _ settings: TfidfSettings = TfidfSettings()) -> [String: [String]] {
        let scalars = Array(text.unicodeScalars)
        var found: [String: [String]] = [:]
        for occurrence in TermAnalyzer(settings: settings).occurrences(in: text) {
            found[occurrence.term, default: []].append(occurrence.span.map { String(String.UnicodeScalarView(scalars[$0])) } ?? "")
        }
        return found
    }

    @Test func everyJokeOfTheDataSetHasTheAnalyzersTerms() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let jokes = try CSVDataSetReader().read(root.appendingPathComponent("data/clean_comedy_gold_ru.csv")).texts
        #expect(jokes.count == 1000)
        for joke in jokes { expectSameTermsAsTheAnalyzer(joke) }
    }

    @Test func generatedTextsMixingScriptsCaseAndMarksHaveTheAnalyzersTerms() {
        let alphabet: [Unicode.Scalar] =
            (0x20..<UInt32(0x80)).compactMap(Unicode.Scalar.init) + (0x400..<UInt32(0x480)).compactMap(Unicode.Scalar.init)
            + ["é", "\u{301}", "\u{308}", "Σ", "ς", "İ", "ß", "ﬁ", "²", "😀", "中", "\u{A0}", "\u{2003}", "\t", "\n", "\n", "  "].flatMap(
                \.unicodeScalars
            )
        var generator = SplitMix64(seed: 21)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 50) { text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            expectSameTermsAsTheAnalyzer(String(text))
        }
    }

    @Test func wordSpansPointAtTheWordsAsSubmitted() {
        #expect(spans("Штирлиц шёл. ШТИРЛИЦ!") == ["штирлиц": ["Штирлиц", "ШТИРЛИЦ"], "шёл": ["шёл"]])
        // Offsets count Unicode scalars: the emoji before the word is one, however many UTF-16 units it takes.
        let occurrence = TermAnalyzer(settings: TfidfSettings()).occurrences(in: "😀 Колобок")
        #expect(occurrence == [TermOccurrence(term: "колобок", span: 2..<9)])
    }

    @Test func ngramSpansCoverTheirWordsAndWhatLiesBetween() {
        #expect(spans("Штирлиц, шёл", TfidfSettings(ngramRange: 2...2)) == ["штирлиц шёл": ["Штирлиц, шёл"]])
        #expect(spans("ab  cd", TfidfSettings(analyzer: .char, ngramRange: 3...3)) == ["ab ": ["ab  "], "b c": ["b  c"], " cd": ["  cd"]])
        // char_wb's padding lies outside the text: a padded n-gram's span is its real characters; padding alone has none.
        let padded = TermAnalyzer(settings: TfidfSettings(analyzer: .charWB, ngramRange: 1...2)).occurrences(in: "ab")
        #expect(padded.map(\.term) == [" ", "a", "b", " ", " a", "ab", "b "])
        #expect(padded.map(\.span) == [nil, 0..<1, 1..<2, nil, 0..<1, 0..<2, 1..<2])
    }

    @Test func stripAccentsKeepsTheMarksInsideTheSpanAndCompatibilityCharactersWhole() {
        let settings = TfidfSettings(stripAccents: .unicode)
        // "café" with its accent as a combining mark, which normalisation drops: the span still ends after it.
        #expect(spans("cafe\u{301} ok", settings) == ["cafe": ["cafe\u{301}"], "ok": ["ok"]])
        // "ﬁ" decomposes to two letters: the span takes the ligature whole.
        #expect(spans("ﬁsh", settings) == ["fish": ["ﬁsh"]])
        // The final capital sigma lower-cases to ς, as Python's str.lower() makes it.
        #expect(spans("ΟΔΟΣ", TfidfSettings()) == ["\u{3BF}\u{3B4}\u{3BF}\u{3C2}": ["ΟΔΟΣ"]])
    }
}
