/// Sorts feature ids in place without allocating (the standard library's sort allocates its run stack
/// for more than 20 elements): insertion sort for short documents, heap sort beyond.
enum FeatureIdSort {
    static func sort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        if ids.count <= 32 { insertionSort(ids) } else { heapSort(ids) }
    }

    private static func insertionSort(_ ids: UnsafeMutableBufferPointer<Int32>) {
        guard ids.count > 1 else { return }
        for index in 1..<ids.count {
            let value = ids[index]
            var position = index
            while position > 0 && ids[position - 1] > value {
                ids[position] = ids[position - 1]
                position -= 1
            }
            ids[position] = value
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
