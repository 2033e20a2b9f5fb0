/// A term of up to ``width`` bytes as two 16-byte vectors, zero past its end: hashed and compared with a few
/// vector and word operations and no loop over its bytes, whose trip count, different for every term,
/// the branch predictor missed (`perf annotate` of the lookups).
package struct TermKey {
    /// The longest term a key holds; longer ones go through ``TermIndex/hash(_:)`` and a byte loop.
    package static var width: Int { 32 }

    fileprivate typealias Bytes = SIMD16<UInt8>

    private let low: Bytes
    private let high: Bytes
    /// 0xFF in the lanes the term covers, kept for ``matches(_:count:)``.
    private let lowMask: Bytes
    private let highMask: Bytes
    package let count: Int

    /// The key of the `count` bytes at `bytes`, which must be at most ``width`` and have ``width`` readable
    /// bytes from `bytes` on (what lies past the term is masked out).
    @inline(__always)
    package init(readingPast bytes: UnsafeRawPointer, count: Int, masks: LaneMasks) {
        (lowMask, highMask) = masks.of(count)
        low = bytes.loadUnaligned(as: Bytes.self) & lowMask
        high = bytes.loadUnaligned(fromByteOffset: 16, as: Bytes.self) & highMask
        self.count = count
    }

    /// The key of `term`, copied: for terms in memory that may end right after them.
    package init(copying term: UnsafeBufferPointer<UInt8>, masks: LaneMasks) {
        precondition(term.count <= Self.width, "a key holds at most \(Self.width) bytes")
        var padded = (Bytes(), Bytes())
        self = withUnsafeMutableBytes(of: &padded) { buffer in
            if let base = term.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: term.count) }
            return TermKey(readingPast: UnsafeRawPointer(buffer.baseAddress!), count: term.count, masks: masks)
        }
    }

    /// The lane masks of keys of every length, read where a key is made: two loads, where making them (a
    /// broadcast and two comparisons) took six instructions more per term.
    package struct LaneMasks: @unchecked Sendable {
        /// ``width`` bytes of 0xFF, then ``width`` of zero: the masks of a key of `count` bytes start
        /// `width - count` bytes in.
        private let bytes: UnsafeMutableRawPointer

        /// Allocates the masks; ``deallocate()`` frees them.
        package init() {
            bytes = .allocate(byteCount: 2 * TermKey.width, alignment: 16)
            bytes.initializeMemory(as: UInt8.self, repeating: 0xFF, count: TermKey.width)
            (bytes + TermKey.width).initializeMemory(as: UInt8.self, repeating: 0, count: TermKey.width)
        }

        package func deallocate() { bytes.deallocate() }

        /// 0xFF in the lanes that hold a term of `count` bytes (at most ``width``).
        @inline(__always)
        fileprivate func of(_ count: Int) -> (Bytes, Bytes) {
            let start = UnsafeRawPointer(bytes) + (TermKey.width &- count)
            return (start.loadUnaligned(as: Bytes.self), start.loadUnaligned(fromByteOffset: 16, as: Bytes.self))
        }
    }

    /// A multiply-xorshift hash of the key's four words and its length; only ever compared within one process.
    @inline(__always)
    package var hash: UInt64 {
        let (first, second) = (unsafeBitCast(low, to: SIMD2<UInt64>.self), unsafeBitCast(high, to: SIMD2<UInt64>.self))
        var hash = (first[0] &* 0x9E37_79B9_7F4A_7C15) ^ (first[1] &* 0xBF58_476D_1CE4_E5B9)
        hash ^= (second[0] &* 0x94D0_49BB_1331_11EB) ^ (second[1] &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(truncatingIfNeeded: count)
        hash = (hash ^ (hash >> 32)) &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 29)
    }

    /// Whether the `count` bytes at `stored`, ``width`` of which are readable, are this key's term.
    @inline(__always)
    package func matches(_ stored: UnsafeRawPointer, count: Int) -> Bool {
        let difference =
            ((stored.loadUnaligned(as: Bytes.self) & lowMask) ^ low) | ((stored.loadUnaligned(fromByteOffset: 16, as: Bytes.self) & highMask) ^ high)
        let words = unsafeBitCast(difference, to: SIMD2<UInt64>.self)
        return words[0] | words[1] | UInt64(truncatingIfNeeded: count ^ self.count) == 0
    }
}
