/// Sorts feature ids in place without allocating (the standard library's sort allocates its run stack
/// for more than 20 elements): rank sort for documents of up to 64 ids, heap sort beyond (and for ids of
/// 2^25 or more, which no vocabulary reaches).
enum FeatureIdSort {
    /// The most ids ``rankSort(_:)`` takes (a literal, so that its buffers are fixed-size stack space).
    static var rankSortLimit: Int { 64 }
    /// Bits of a rank-sort key below the id: the id's position, which makes every key distinct.
    private static var positionBits: Int32 { 6 }

    static func sort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        if ids.count > rankSortLimit || !rankSort(ids) { heapSort(ids) }
    }

    /// Each id goes straight to its place, its rank: how many keys are smaller than its key, the id with
    /// its position below it, so that equal ids rank by position and no two keys tie. Counted four at a
    /// time without a branch (the insertion sort this replaced spent 10 % of vectorizing the data set
    /// with `lr` in mispredicted branches). False, with `ids` untouched, when an id is too large for a key.
    private static func rankSort(_ ids: UnsafeMutableBufferPointer<Int32>) -> Bool {
        let count = ids.count
        guard count > 1, let source = ids.baseAddress else { return true }
        let blockCount = (count + 3) / 4
        return withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: rankSortLimit / 4) { blocks in
            guard let blockBase = blocks.baseAddress else { return false }
            // Padded with the largest key, which is smaller than none.
            let keys = UnsafeMutableRawPointer(blockBase).assumingMemoryBound(to: Int32.self)
            var allBits: Int32 = 0
            for index in 0..<count {
                allBits |= source[index]
                keys[index] = source[index] &<< positionBits | Int32(truncatingIfNeeded: index)
            }
            guard UInt32(bitPattern: allBits) < 1 << (31 - positionBits) else { return false }
            (keys + count).update(repeating: .max, count: blockCount * 4 - count)
            for index in 0..<count {
                let key = SIMD4(repeating: keys[index])
                var rank = SIMD4<Int32>()
                // A true lane of a mask is -1.
                for block in 0..<blockCount { rank &-= unsafeBitCast(blockBase[block] .< key, to: SIMD4<Int32>.self) }
                source[Int(rank.wrappedSum())] = keys[index] &>> positionBits
            }
            return true
        }
    }

    private static func heapSort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        for root in stride(from: ids.count / 2 - 1, through: 0, by: -1) { siftDown(ids, root, ids.count) }
        for end in stride(from: ids.count - 1, to: 0, by: -1) {
            ids.swapAt(0, end)
            siftDown(ids, 0, end)
        }
    }

    private static func siftDown(_ ids: UnsafeMutableBufferPointer<Int32>, _ start: Int, _ end: Int) {
        var root = start
        while true {
            var child = 2 * root + 1
            guard child < end else { return }
            if child + 1 < end && ids[child] < ids[child + 1] { child += 1 }
            guard ids[root] < ids[child] else { return }
            ids.swapAt(root, child)
            root = child
        }
    }
}
