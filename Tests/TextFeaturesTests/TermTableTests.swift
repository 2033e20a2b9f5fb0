import Testing
import TextFeatures
import Training

/// The vocabulary table finds exactly its terms, by every route: terms of up to a key's width compared as
/// ``TermKey``s, longer ones by their bytes, and the pipelined start/finish lookups the vectorizer uses.
@Suite struct TermTableTests {
    /// Terms of every length around the key's width, ASCII and Cyrillic, and one with a zero byte.
    private static let vocabulary: [String] = {
        var terms: [String] = []
        for length in 0...40 {
            let ascii = String(repeating: "a", count: length)
            let cyrillic = String(repeating: "ж", count: length / 2) + (length % 2 == 1 ? "z" : "")
            for term in [ascii, cyrillic] where !terms.contains(term) { terms.append(term) }
        }
        return terms + ["a\u{0}", "nul\u{0}end"]
    }()

    private let table: TermTable
    private let weights: [Double]

    init() throws {
        weights = Self.vocabulary.indices.map { 1 + Double($0) / 8 }
        table = try TermTable(Self.vocabulary, weights: weights)
    }

    /// `bytes` placed with `TermKey.width` bytes of noise after them, as the analyzer leaves terms.
    private func withPadded<Result>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let memory = bytes + [UInt8](repeating: 0x7E, count: TermKey.width)
        return memory.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<bytes.count])) }
    }

    /// The id found for `bytes` by the lookup and by the pipelined one, which must agree.
    private func id(of bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        let lookup = table.lookup
        let padded = withPadded(bytes) { lookup.record(ofPadded: $0) }
        let pipelined = withPadded(bytes) { term in lookup.startLookup(ofPadded: term).map(lookup.finishLookup) ?? lookup.record(ofPadded: term) }
        #expect(padded == pipelined, "\(bytes.count) bytes", sourceLocation: sourceLocation)
        return padded < 0 ? nil : Int(lookup.id(atRecord: padded))
    }

    @Test func everyTermIsFoundWithItsIdAndWeight() {
        let lookup = table.lookup
        for (id, term) in Self.vocabulary.enumerated() {
            #expect(self.id(of: Array(term.utf8)) == id, "\(term.utf8.count) bytes")
            let record = withPadded(Array(term.utf8)) { lookup.record(ofPadded: $0) }
            #expect(lookup.weight(atRecord: record) == weights[id])
            #expect(table.weight(id) == weights[id])
        }
        #expect((0..<table.count).map(table.term) == Self.vocabulary)
    }

    /// A term changed in any one byte, or made a byte longer or shorter, is not found (unless that is a term).
    @Test func nearMissesAreNotFound() {
        let known = Set(Self.vocabulary.map { Array($0.utf8) })
        for term in Self.vocabulary.map({ Array($0.utf8) }) {
            var misses: [[UInt8]] = [term + [0x61], term + [0], Array(term.dropLast())]
            for position in term.indices {
                var changed = term
                changed[position] ^= 0x01
                misses.append(changed)
            }
            for miss in misses where !known.contains(miss) {
                #expect(id(of: miss) == nil, "\(miss)")
            }
        }
    }

    /// Records lie in id order, which the vectorizer relies on to sort features by sorting records.
    @Test func recordsLieInIdOrder() {
        let records = Self.vocabulary.map { term in withPadded(Array(term.utf8)) { table.lookup.record(ofPadded: $0) } }
        #expect(records == records.sorted() && Set(records).count == records.count)
    }

    /// Many random terms of 1–40 bytes, looked up and missed in a table far from empty.
    @Test func randomVocabulary() throws {
        var generator = SplitMix64(seed: 6)
        let alphabet = Array("abcdeжзий _0".unicodeScalars)
        var terms: [String] = []
        var seen: Set<String> = []
        while terms.count < 3_000 {
            let term = String(
                String.UnicodeScalarView((0..<Int.random(in: 1...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            )
            if seen.insert(term).inserted { terms.append(term) }
        }
        let table = try TermTable(Array(terms.prefix(2_000)), weights: nil)
        for (position, term) in terms.enumerated() {
            let record = withPadded(Array(term.utf8)) { table.lookup.record(ofPadded: $0) }
            #expect((record < 0 ? nil : Int(table.lookup.id(atRecord: record))) == (position < 2_000 ? position : nil))
        }
    }

    @Test func aRepeatedTermIsReportedWithItsFirstPosition() {
        let long = String(repeating: "д", count: 20)
        #expect(throws: DuplicateTerm(position: 3, original: 1)) { try TermTable(["x", long, "y", long], weights: nil) }
        #expect(throws: DuplicateTerm(position: 2, original: 0)) { try TermTable(["xy", "z", "xy"], weights: nil) }
    }
}
