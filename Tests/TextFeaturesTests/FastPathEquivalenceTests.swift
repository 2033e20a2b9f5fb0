import Foundation
import Testing
import TextFeatures
import Training

/// The SIMD fast path must produce what the general Unicode path produces, byte for byte and class for
/// class, on every text it accepts; and it must accept the texts it was built for.
@Suite struct FastPathEquivalenceTests {
    private static let settingsUnderTest: [TfidfSettings] = [
        TfidfSettings(),
        TfidfSettings(lowercase: false),
        TfidfSettings(ngramRange: 1...3, stopWords: ["и", "the", "не"]),
        TfidfSettings(analyzer: .char, ngramRange: 1...4),
        TfidfSettings(analyzer: .charWB, ngramRange: 2...5),
        TfidfSettings(analyzer: .charWB, lowercase: false, ngramRange: 1...3),
        TfidfSettings(stripAccents: .unicode),
        TfidfSettings(analyzer: .charWB, stripAccents: .ascii, ngramRange: 2...4),
    ]

    /// Normalised bytes and classes by one path; nil when the fast path declines the text.
    private func normalized(_ text: String, _ settings: TfidfSettings, _ path: TermAnalyzer.Path) -> (text: [UInt8], classes: [UInt8])? {
        AnalysisScratch.withFresh { scratch in
            let fast = TermAnalyzer(settings: settings).normalize(text, path: path, into: scratch)
            if path == .fastWhereCovered && !fast { return nil }
            return (Array(scratch.pointee.text.buffer), Array(scratch.pointee.classes.buffer))
        }
    }

    private func terms(_ text: String, _ settings: TfidfSettings, _ path: TermAnalyzer.Path) -> [[UInt8]] {
        var terms: [[UInt8]] = []
        TermAnalyzer(settings: settings).forEachTerm(in: text, path: path) { terms.append(Array($0)) }
        return terms
    }

    /// Checks both paths on `text`; returns whether the fast path took it under the default settings.
    @discardableResult
    private func expectSamePaths(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var covered = false
        for settings in Self.settingsUnderTest {
            if let fast = normalized(text, settings, .fastWhereCovered) {
                if settings == TfidfSettings() { covered = true }
                let general = normalized(text, settings, .generalOnly)!
                #expect(fast.text == general.text, "text of \(text.debugDescription) under \(settings)", sourceLocation: sourceLocation)
                #expect(fast.classes == general.classes, "classes of \(text.debugDescription) under \(settings)", sourceLocation: sourceLocation)
            }
            #expect(
                terms(text, settings, .fastWhereCovered) == terms(text, settings, .generalOnly),
                "terms of \(text.debugDescription) under \(settings)",
                sourceLocation: sourceLocation
            )
        }
        return covered
    }

    @Test func everyJokeOfTheDataSetTakesTheFastPathWithIdenticalResults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let jokes = try CSVDataSetReader().read(root.appendingPathComponent("data/clean_comedy_gold_ru.csv")).texts
        #expect(jokes.count == 1000)
        let covered = jokes.filter { expectSamePaths($0) }.count
        #expect(covered == jokes.count)
    }

    @Test func everyCodePointOfTheTableAndItsNeighboursInEveryBlockPosition() {
        let covered = (0..<UInt32(0x800)).compactMap(Unicode.Scalar.init) + (0x2000..<UInt32(0x2070)).compactMap(Unicode.Scalar.init)
        for scalar in covered {
            // Before, after and across the 16-byte block boundary, between Cyrillic letters of both cases.
            for prefix in ["", "Щ", String(repeating: "a", count: 14), String(repeating: "Ж", count: 7) + "x", String(repeating: "я", count: 8)] {
                expectSamePaths(prefix + String(scalar) + "Ёж" + String(scalar) + "Σ!")
                expectSamePaths(prefix + "Ab" + String(scalar) + "Ѡѿ")
            }
        }
    }

    @Test func generatedStringsMixingCoveredAndUncoveredScripts() {
        let ascii: [Unicode.Scalar] = (0x00..<UInt32(0x80)).compactMap(Unicode.Scalar.init)
        let cyrillic: [Unicode.Scalar] = (0x400..<UInt32(0x480)).compactMap(Unicode.Scalar.init)
        let punctuation: [Unicode.Scalar] = ["«", "»", "—", "–", "…", "“", "”", "\u{A0}", "\u{2003}", "\u{2028}"]
        let others: [Unicode.Scalar] = [
            "é", "\u{301}", "Σ", "ς", "İ", "ß", "Ⱥ", "µ", "²", "½", "ﬁ", "😀", "中", "\u{0483}", "\u{200B}", "\u{FEFF}", "\u{85}",
        ]
        let alphabet = ascii + cyrillic + cyrillic + punctuation + others
        var generator = SplitMix64(seed: 2026)
        var fastCount = 0
        for _ in 0..<3000 {
            let length = Int(generator.next() % 60)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            if expectSamePaths(String(text)) { fastCount += 1 }
        }
        // Both paths must have been exercised.
        #expect(fastCount > 300)
        #expect(fastCount < 3000)
    }

    @Test func theFastPathDeclinesWhatOnlyTheGeneralPathGetsRight() {
        // Context-dependent or multi-scalar lower case, code points outside the table, accents to strip.
        for text in ["ΣΑΣ", "İstanbul", "smile 😀", "中文"] {
            #expect(normalized(text, TfidfSettings(), .fastWhereCovered) == nil, "\(text)")
        }
        #expect(normalized("ΣΑΣ", TfidfSettings(lowercase: false), .fastWhereCovered) != nil)
        #expect(normalized("Ёлка", TfidfSettings(stripAccents: .unicode), .fastWhereCovered) == nil)
        #expect(normalized("plain ascii", TfidfSettings(stripAccents: .unicode), .fastWhereCovered) != nil)
    }
}
