/// A growable buffer of trivial values that keeps its memory between uses: the storage behind the
/// allocation-free hot path. Not thread-safe; each thread owns its own through ``AnalysisScratch``.
package struct ScratchArray<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    package private(set) var capacity: Int
    /// Number of elements in use.
    package var count = 0

    package init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `minimum` elements in all, keeping the first `count`.
    @inline(__always)
    package mutating func reserve(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    @inline(__always)
    package mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    /// The elements in use.
    package var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Forgets the elements; frees the memory when one unusually large document grew it beyond `limit`
    /// elements. Jokes take a few hundred; the default keeps a thread's buffers under about 1.5 MB after a
    /// megabyte-long text.
    package mutating func removeAll(shrinkingBeyond limit: Int = 1 << 16) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = 16
            base = .allocate(capacity: capacity)
        }
    }

    private mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
