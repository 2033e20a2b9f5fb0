import Testing
import TextFeatures

/// Terms pinned from scikit-learn 1.9.1's `TfidfVectorizer(...).build_analyzer()`.
@Suite struct TermAnalyzerTests {
    private func terms(_ text: String, _ settings: TfidfSettings = TfidfSettings()) -> [String] {
        TfidfVectorizer.terms(of: text, settings: settings)
    }

    @Test func defaultTokenPatternKeepsRunsOfTwoOrMoreWordCharactersLowerCased() {
        #expect(
            terms("Hello, World! a bc Ёлка ёлка ПРИВЕТ мир 2024 год snake_case x и\u{306} café cafe\u{301}")
                == ["hello", "world", "bc", "ёлка", "ёлка", "привет", "мир", "2024", "год", "snake_case", "café", "cafe"]
        )
    }

    @Test func lowercaseOffKeepsCase() {
        #expect(terms("Ёлка ПРИВЕТ", TfidfSettings(lowercase: false)) == ["Ёлка", "ПРИВЕТ"])
    }

    @Test func wordBigramsFollowUnigrams() {
        #expect(terms("a quick brown fox", TfidfSettings(ngramRange: 1...2)) == ["quick", "brown", "fox", "quick brown", "brown fox"])
    }

    @Test func onlyBigramsWhenRangeStartsAtTwo() {
        #expect(terms("quick brown fox", TfidfSettings(ngramRange: 2...2)) == ["quick brown", "brown fox"])
        #expect(terms("fox", TfidfSettings(ngramRange: 2...3)).isEmpty)
    }

    @Test func stopWordsAreDroppedBeforeNgramsAreFormed() {
        #expect(terms("the cat the hat", TfidfSettings(ngramRange: 1...2, stopWords: ["the"])) == ["cat", "hat", "cat hat"])
    }

    @Test func charWordBoundedNgramsPadWordsAndCountShortWordsOnce() {
        #expect(terms("ab c", TfidfSettings(analyzer: .charWB, ngramRange: 2...3)) == [" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "])
        #expect(terms("Ёж", TfidfSettings(analyzer: .charWB, ngramRange: 1...5)) == [" ", "ё", "ж", " ", " ё", "ёж", "ж ", " ёж", "ёж ", " ёж "])
    }

    @Test func charNgramsCollapseWhitespaceRunsButKeepASingleTab() {
        #expect(terms("ab  c", TfidfSettings(analyzer: .char, ngramRange: 2...3)) == ["ab", "b ", " c", "ab ", "b c"])
        #expect(terms("a\tb", TfidfSettings(analyzer: .char, ngramRange: 1...2)) == ["a", "\t", "b", "a\t", "\tb"])
    }

    @Test func emptyAndWhitespaceOnlyTextsHaveNoTerms() {
        for settings in [TfidfSettings(), TfidfSettings(analyzer: .char, ngramRange: 2...3), TfidfSettings(analyzer: .charWB, ngramRange: 2...5)] {
            #expect(terms("", settings).isEmpty)
            #expect(terms(" \n\t ", settings).isEmpty)
        }
    }

    @Test func lowerCasingFollowsPythonIncludingTheFinalSigma() {
        #expect(terms("ΟΔΟΣ ΚΑΛΟΣ. ΣΑΣ Σ ΑΣ-ΑΣ") == ["οδος", "καλος", "σας", "ας", "ας"])
    }

    @Test func unicodeAccentStrippingDropsCombiningMarksAfterNFKD() {
        #expect(
            terms("Café naïve cafe\u{301} ﬁne Ёлка йод x²", TfidfSettings(stripAccents: .unicode))
                == ["cafe", "naive", "cafe", "fine", "елка", "иод", "x2"]
        )
        #expect(terms("Ёё й", TfidfSettings(analyzer: .char, stripAccents: .unicode, ngramRange: 1...1)) == ["е", "е", " ", "и"])
    }

    @Test func asciiAccentStrippingDropsEverythingOutsideASCII() {
        #expect(terms("Café naïve ﬁne Ёлка x² straße", TfidfSettings(stripAccents: .ascii)) == ["cafe", "naive", "fine", "x2", "strae"])
    }
}
