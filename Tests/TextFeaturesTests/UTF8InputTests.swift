import Foundation
import Testing
import TextFeatures
import Training

/// The batch path rates texts as bytes in place (`withFeatures(ofUTF8:)`); its features must be those of the
/// same text as a `String`, on the fast path and where only the general one applies.
@Suite struct UTF8InputTests {
    static let jokes: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? CSVDataSetReader().read(root.appendingPathComponent("data/clean_comedy_gold_ru.csv")).texts) ?? []
    }()

    /// Texts the fast path takes, texts only the general path gets right, and the empty text.
    static let texts = Array(jokes.prefix(200)) + ["", " ", "ΣΑΣ и ς", "İstanbul Ёлка", "smile 😀 中文", "café naïve", "«Двоеточие!» — догадался"]

    @Test(arguments: [
        TfidfSettings(),
        TfidfSettings(lowercase: false),
        TfidfSettings(ngramRange: 1...2, stopWords: ["и", "не"]),
        TfidfSettings(analyzer: .charWB, ngramRange: 2...4),
        TfidfSettings(stripAccents: .unicode),
    ])
    func bytesGetTheFeaturesOfTheSameTextAsAString(settings: TfidfSettings) throws {
        let vectorizer = try TfidfVectorizer.fit(Self.jokes + Self.texts, settings: settings)
        for text in Self.texts {
            let fromString = vectorizer.transform(text)
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { bytes in vectorizer.withFeatures(ofUTF8: bytes, SparseVector.init) }
            #expect(fromBytes == fromString, "\(text.debugDescription) under \(settings)")
        }
        #expect(vectorizer.transform(Self.jokes[0]).nonZeroCount > 0)
    }
}
