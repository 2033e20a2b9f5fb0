import Testing
import TextFeatures
import Training

@Suite struct FeatureIdSortTests {
    private func sort(_ ids: inout [Int32]) {
        let spare = UnsafeMutablePointer<Int32>.allocate(capacity: max(ids.count, 1))
        defer { spare.deallocate() }
        ids.withUnsafeMutableBufferPointer { FeatureIdSort.sort($0, spare: spare) }
    }

    /// Every length from empty to past the rank sort's limit (so both sorts run), with many repeats, ids
    /// spread over the whole range, and the extreme ids the padding of the rank sort must not disturb.
    /// Ids from 2^25 on cannot be rank-sort keys: the range across that bound runs both sorts at one length.
    @Test(arguments: [0..<8, 0..<1_000, (Int32(1) << 25 - 3)..<(Int32(1) << 25 + 3), 0..<Int32.max, (Int32.max - 3)..<Int32.max])
    func sortsAsTheStandardLibraryDoes(idRange: Range<Int32>) {
        var generator = SplitMix64(seed: UInt64(idRange.upperBound))
        for count in 0...(FeatureIdSort.rankSortLimit * 2 + 3) {
            let ids = (0..<count).map { _ in Int32.random(in: idRange, using: &generator) }
            var sorted = ids
            sort(&sorted)
            #expect(sorted == ids.sorted(), "\(count) ids: \(ids)")
        }
    }

    @Test func sortsDescendingAndAlreadySortedRuns() {
        for count in [2, 4, 5, FeatureIdSort.rankSortLimit, FeatureIdSort.rankSortLimit + 1] {
            for ids in [Array((0..<Int32(count)).reversed()), Array(0..<Int32(count)), Array(repeating: 7, count: count)] {
                var sorted = ids
                sort(&sorted)
                #expect(sorted == ids.sorted(), "\(ids)")
            }
        }
    }
}
