import Testing
import TextFeatures

@Suite struct TermHashTests {
    private func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { TermIndex.hash($0) } }

    /// Every byte of a term counts, whatever its length: the words, the overlapping tail loads and the
    /// short-term halves each miss no position.
    @Test func everyBytePositionChangesTheHash() {
        for length in 1...40 {
            let zeros = [UInt8](repeating: 0, count: length)
            var seen: Set<UInt64> = [hash(zeros)]
            for position in 0..<length {
                var changed = zeros
                changed[position] = 0xD0
                seen.insert(hash(changed))
            }
            #expect(seen.count == length + 1, "length \(length)")
        }
    }

    @Test func lengthAloneChangesTheHash() {
        let hashes = Set((0...40).map { hash([UInt8](repeating: 0x20, count: $0)) })
        #expect(hashes.count == 41)
    }

    @Test func theHashReadsOnlyTheTermsBytes() {
        // The same term inside different surroundings hashes the same.
        let term: [UInt8] = Array("штирлиц".utf8)
        let inside = [UInt8](repeating: 0xFF, count: 9) + term + [UInt8](repeating: 0xEE, count: 9)
        let embedded = inside.withUnsafeBufferPointer { TermIndex.hash(UnsafeBufferPointer(rebasing: $0[9..<(9 + term.count)])) }
        #expect(embedded == hash(term))
    }
}
