import Foundation
import Testing
import TextFeatures

/// Vocabularies, idf and vectors pinned from scikit-learn 1.9.1 on a three-document corpus.
@Suite struct TfidfVectorizerTests {
    let corpus = ["cat dog", "cat", "dog dog fish"]

    private func dense(_ vector: SparseVector, _ count: Int) -> [Double] {
        (0..<count).map(vector.value(at:))
    }

    private func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= 1e-12 * max(1, abs(e)), "\(actual) != \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func smoothedIdfAndL2Vector() throws {
        let vectorizer = try TfidfVectorizer.fit(corpus, settings: TfidfSettings())
        #expect(vectorizer.vocabulary == ["cat", "dog", "fish"])
        // ln((1 + 3) / (1 + df)) + 1
        expectClose(vectorizer.idf!, [1.2876820724517808, 1.2876820724517808, 1.6931471805599454])
        expectClose(dense(vectorizer.transform("dog dog fish"), 3), [0.0, 0.8355915419449176, 0.5493512310263033])
    }

    @Test func unsmoothedIdfSublinearTfAndL1() throws {
        let settings = TfidfSettings(norm: .l1, smoothIdf: false, sublinearTf: true)
        let vectorizer = try TfidfVectorizer.fit(corpus, settings: settings)
        expectClose(vectorizer.idf!, [1.4054651081081644, 1.4054651081081644, 2.09861228866811])
        expectClose(dense(vectorizer.transform("dog dog fish cat"), 3), [0.23887287689488487, 0.4044469380268172, 0.3566801850782979])
    }

    @Test func binaryCountsWithoutIdfOrNorm() throws {
        let vectorizer = try TfidfVectorizer.fit(corpus, settings: TfidfSettings(norm: nil, useIdf: false, binary: true))
        #expect(vectorizer.idf == nil)
        expectClose(dense(vectorizer.transform("dog dog fish cat"), 3), [1, 1, 1])
    }

    /// Lookups wait in batches (of 64), the found records' buffer grows on the way, and a term longer than a
    /// key (32 bytes) is looked up at once, ahead of the terms waiting: every count around the batch's and
    /// the buffer's sizes keeps each term's count.
    @Test func countsSurviveBatchesTheBufferGrowingAndLongTerms() throws {
        let long = String(repeating: "z", count: 40)
        let vectorizer = try TfidfVectorizer(settings: TfidfSettings(norm: nil, useIdf: false), vocabulary: ["ab", "cd", long], idf: nil)
        for count in [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1_022, 1_023, 1_024, 1_025, 2_047, 2_048, 2_049] {
            let vector = vectorizer.transform(String(repeating: "ab ", count: count) + "cd")
            #expect(vector.indices == (count > 0 ? [0, 1] : [1]) && vector.values == (count > 0 ? [Double(count), 1] : [1]), "\(count)")
            let half = String(repeating: "ab ", count: count / 2)
            let mixed = vectorizer.transform(half + long + " " + half + "cd " + long)
            let abCount = Double(count / 2 * 2)
            #expect(mixed.indices == (count > 1 ? [0, 1, 2] : [1, 2]) && mixed.values == (count > 1 ? [abCount, 1, 2] : [1, 2]), "\(count)")
        }
    }

    @Test func unknownTermsAreIgnoredAndAnEmptyTextIsTheZeroVector() throws {
        let vectorizer = try TfidfVectorizer.fit(corpus, settings: TfidfSettings())
        #expect(vectorizer.transform("zebra unicorn").nonZeroCount == 0)
        #expect(vectorizer.transform("").nonZeroCount == 0)
    }

    @Test func vocabularyIsInCodePointOrder() throws {
        let vectorizer = try TfidfVectorizer.fit(["яблоко apple", "Ёлка ёж éa", "zebra"], settings: TfidfSettings())
        #expect(vectorizer.vocabulary == ["apple", "zebra", "éa", "яблоко", "ёж", "ёлка"])
    }

    @Test func documentFrequencyLimits() throws {
        let settings = TfidfSettings()
        #expect(try TfidfVectorizer.fit(corpus, settings: settings, limits: .init(minDf: .count(2))).vocabulary == ["cat", "dog"])
        #expect(try TfidfVectorizer.fit(corpus, settings: settings, limits: .init(maxDf: .proportion(0.5))).vocabulary == ["fish"])
        #expect(try TfidfVectorizer.fit(corpus, settings: settings, limits: .init(maxFeatures: 2)).vocabulary == ["cat", "dog"])
        // Equally frequent terms: the first ones in vocabulary order are kept.
        #expect(try TfidfVectorizer.fit(["dd bb", "cc aa"], settings: settings, limits: .init(maxFeatures: 3)).vocabulary == ["aa", "bb", "cc"])
        #expect(throws: TfidfVectorizer.FitError.inconsistentLimits) {
            try TfidfVectorizer.fit(corpus, settings: settings, limits: .init(minDf: .count(3), maxDf: .count(2)))
        }
        #expect(throws: TfidfVectorizer.FitError.everyTermPruned) {
            try TfidfVectorizer.fit(corpus, settings: settings, limits: .init(minDf: .count(3)))
        }
    }

    @Test func onlyStopWordsMeansAnEmptyVocabulary() {
        #expect(throws: TfidfVectorizer.FitError.emptyVocabulary) {
            try TfidfVectorizer.fit(["the the", "a"], settings: TfidfSettings(stopWords: ["the"]))
        }
    }

    @Test func canonicallyEquivalentSpellingsStayDistinctTerms() throws {
        let vectorizer = try TfidfVectorizer(settings: TfidfSettings(analyzer: .char, ngramRange: 1...1), vocabulary: ["é", "e"], idf: [1, 1])
        #expect(vectorizer.transform("é").indices == [0])
        #expect(vectorizer.transform("e\u{301}").indices == [1])
    }

    @Test func repeatedTermOrMismatchedIdfIsRejected() {
        #expect(throws: InvalidVectorizer(field: "vocabulary[2]", reason: "repeats the term \"cat\" of vocabulary[0]")) {
            try TfidfVectorizer(settings: TfidfSettings(), vocabulary: ["cat", "dog", "cat"], idf: [1, 1, 1])
        }
        #expect(throws: InvalidVectorizer(field: "idf", reason: "has 1 values; expected 2 (one per vocabulary term)")) {
            try TfidfVectorizer(settings: TfidfSettings(), vocabulary: ["cat", "dog"], idf: [1])
        }
    }

    @Test func codableRoundTripKeepsEverything() throws {
        let settings = TfidfSettings(analyzer: .charWB, ngramRange: 2...4, stopWords: ["x"], norm: nil, smoothIdf: false, sublinearTf: true)
        let vectorizer = try TfidfVectorizer.fit(corpus, settings: settings)
        let decoded = try JSONDecoder().decode(TfidfVectorizer.self, from: JSONEncoder().encode(vectorizer))
        #expect(decoded.settings == settings)
        #expect(decoded.vocabulary == vectorizer.vocabulary)
        #expect(decoded.idf == vectorizer.idf)
        #expect(decoded.transform("dog fish") == vectorizer.transform("dog fish"))
    }

    @Test func decodingNamesTheFieldAtFault() {
        let cases: [(String, String)] = [
            (#"{"analyzer":"words","vocabulary":["a"],"idf":[1]}"#, "analyzer"),
            (#"{"analyzer":"word","tokenPattern":"\\w+","vocabulary":["a"],"idf":[1]}"#, "tokenPattern"),
            (#"{"analyzer":"word","ngramRange":[2,1],"vocabulary":["a"],"idf":[1]}"#, "ngramRange"),
            (#"{"analyzer":"word","norm":"l3","vocabulary":["a"],"idf":[1]}"#, "norm"),
            (#"{"analyzer":"word","vocabulary":[],"idf":[]}"#, "vocabulary"),
            (#"{"analyzer":"word","vocabulary":["a","b"],"idf":[1]}"#, "idf"),
        ]
        for (json, field) in cases {
            #expect {
                try JSONDecoder().decode(TfidfVectorizer.self, from: Data(json.utf8))
            } throws: { error in
                guard case DecodingError.dataCorrupted(let context) = error else { return false }
                return context.codingPath.last?.stringValue == field
            }
        }
    }
}
