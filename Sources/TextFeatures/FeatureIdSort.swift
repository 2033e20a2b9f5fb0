/// Sorts feature ids (non-negative) in place without allocating (the standard library's sort allocates its
/// run stack for more than 20 elements): rank sort for documents of up to 64 ids, radix sort beyond (and for
/// ids of 2^25 or more).
package enum FeatureIdSort {
    /// The most ids ``rankSort(_:)`` takes (a literal, so that its buffers are fixed-size stack space).
    package static var rankSortLimit: Int { 64 }
    /// Bits of a rank-sort key below the id: the id's position, which makes every key distinct.
    private static var positionBits: Int32 { 6 }

    /// Sorts `ids`; `spare` is room for as many ids, which the radix sort moves them through.
    package static func sort(_ ids: UnsafeMutableBufferPointer<Int32>, spare: UnsafeMutablePointer<Int32>) {
        if ids.count > rankSortLimit || !rankSort(ids) { radixSort(ids, spare: spare) }
    }

    /// Each id goes straight to its place, its rank: how many keys are smaller than its key, the id with
    /// its position below it, so that equal ids rank by position and no two keys tie. Counted without a
    /// branch (the insertion sort this replaced spent 10 % of vectorizing the data set with `lr` in
    /// mispredicted branches), for four keys at a time: a block of keys meets each block turned by 0 to 3
    /// lanes, lane by lane, so that no sum runs across lanes (one key at a time took a third more
    /// instructions; callgrind of `scripts/vectorize-probe`). False, with `ids` untouched, when an id is
    /// too large for a key.
    private static func rankSort(_ ids: UnsafeMutableBufferPointer<Int32>) -> Bool {
        let count = ids.count
        guard count > 1, let source = ids.baseAddress else { return true }
        let blockCount = (count + 3) / 4
        return withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: rankSortLimit / 4) { keyBlocks in
            guard let blocks = keyBlocks.baseAddress else { return false }
            // Padded with the largest key, which is smaller than none.
            let keys = UnsafeMutableRawPointer(blocks).assumingMemoryBound(to: Int32.self)
            var allBits: Int32 = 0
            for index in 0..<count {
                allBits |= source[index]
                keys[index] = source[index] &<< positionBits | Int32(truncatingIfNeeded: index)
            }
            guard UInt32(bitPattern: allBits) < 1 << (31 - positionBits) else { return false }
            (keys + count).update(repeating: .max, count: blockCount * 4 - count)
            // A second allocation, not one of both sizes: up to 1 KB is stack space, and one of 1.25 KB went
            // to the heap here (a malloc per text).
            return withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: rankSortLimit) { turnedBlocks in
                guard let turned = turnedBlocks.baseAddress else { return false }
                let turnedKeys = UnsafeMutableRawPointer(turned).assumingMemoryBound(to: Int32.self)
                for block in 0..<blockCount {
                    for turn in 0..<4 {
                        for lane in 0..<4 { turnedKeys[(block * 4 + turn) * 4 + lane] = keys[block * 4 + (lane + turn) & 3] }
                    }
                }
                for keyBlock in 0..<blockCount {
                    let key = blocks[keyBlock]
                    var rank = SIMD4<Int32>()
                    for block in 0..<blockCount {
                        // A true lane of a mask is -1.
                        rank &-= unsafeBitCast(turned[block * 4] .< key, to: SIMD4<Int32>.self)
                        rank &-= unsafeBitCast(turned[block * 4 + 1] .< key, to: SIMD4<Int32>.self)
                        rank &-= unsafeBitCast(turned[block * 4 + 2] .< key, to: SIMD4<Int32>.self)
                        rank &-= unsafeBitCast(turned[block * 4 + 3] .< key, to: SIMD4<Int32>.self)
                    }
                    let ids = key &>> positionBits
                    for lane in 0..<min(4, count - keyBlock * 4) { source[Int(rank[lane])] = ids[lane] }
                }
                return true
            }
        }
    }

    /// Least significant byte first, as many bytes as the largest id has, each a counting pass and a stable
    /// scatter between `ids` and `spare`; a byte every id shares is skipped. The heap sort it replaced was
    /// 39 % of vectorizing the data set with `tr` (char_wb n-grams: about 290 ids a joke; `perf record`), and
    /// the pass took 26.3 ms against 14.9 ms now (`MODEL=models/tr.json scripts/vectorize-ab.sh`).
    private static func radixSort(_ ids: UnsafeMutableBufferPointer<Int32>, spare: UnsafeMutablePointer<Int32>) {
        let count = ids.count
        guard count > 1, let base = ids.baseAddress else { return }
        var allBits: UInt32 = 0
        for id in ids { allBits |= UInt32(bitPattern: id) }
        assert(Int32(bitPattern: allBits) >= 0, "feature ids are non-negative")
        let byteCount = (UInt32.bitWidth - allBits.leadingZeroBitCount + 7) / 8
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { starts in
            var (from, to) = (base, spare)
            for byte in 0..<byteCount {
                let shift = UInt32(byte * 8)
                starts.initialize(repeating: 0)
                for index in 0..<count { starts[Int(UInt32(bitPattern: from[index]) &>> shift & 0xFF)] &+= 1 }
                if Int(starts[Int(UInt32(bitPattern: from[0]) &>> shift & 0xFF)]) == count { continue }
                var total: Int32 = 0
                for bucket in 0..<256 { (starts[bucket], total) = (total, total &+ starts[bucket]) }
                for index in 0..<count {
                    let id = from[index]
                    let bucket = Int(UInt32(bitPattern: id) &>> shift & 0xFF)
                    to[Int(starts[bucket])] = id
                    starts[bucket] &+= 1
                }
                swap(&from, &to)
            }
            if from != base { base.update(from: from, count: count) }
        }
    }
}
