/// A frozen ``TermIndex`` laid out for lookups on the prediction path: one allocation per array, read
/// through raw pointers, so that a lookup neither retains nor checks bounds. Each slot holds the upper
/// half of a term's hash, its id and where its bytes are: a probe costs one cache line for the slot and
/// one for the bytes, and rarely touches the bytes of another term.
final class TermTable: @unchecked Sendable {
    private struct Slot {
        /// Upper 32 bits of the hash, lower 32 the id; `empty` when unused.
        var tagAndID: UInt64
        /// Offset of the term's bytes in the arena (upper 32 bits) and their count (lower 32).
        var startAndCount: UInt64
    }

    // Immutable after init; shared read-only by every thread.
    private let slots: UnsafeMutablePointer<Slot>
    private let mask: Int
    private let arena: UnsafeMutablePointer<UInt8>
    /// Where term `id`'s bytes start in the arena; `count + 1` entries.
    private let termStarts: UnsafeMutablePointer<Int32>
    /// Number of terms.
    let count: Int
    private static let empty = UInt64.max

    init(_ index: TermIndex) {
        var size = 16
        while size < index.count * 2 { size *= 2 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(tagAndID: Self.empty, startAndCount: 0), count: size)
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for id in 0..<index.count {
            starts.append(bytes.count)
            bytes.append(contentsOf: index.bytes(of: id))
        }
        starts.append(bytes.count)
        arena = .allocate(capacity: max(bytes.count, 1))
        arena.initialize(from: bytes, count: bytes.count)
        count = index.count
        termStarts = .allocate(capacity: starts.count)
        for (id, start) in starts.enumerated() { termStarts[id] = Int32(start) }
        for id in 0..<index.count {
            let (start, count) = (starts[id], starts[id + 1] - starts[id])
            let hash = TermIndex.hash(UnsafeBufferPointer(start: arena + start, count: count))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].tagAndID != Self.empty { slot = (slot + 1) & mask }
            slots[slot] = Slot(tagAndID: (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id), startAndCount: UInt64(start) << 32 | UInt64(count))
        }
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
        termStarts.deallocate()
    }

    /// Term `id` as a string.
    func term(_ id: Int) -> String {
        let start = Int(termStarts[id])
        return String(decoding: UnsafeBufferPointer(start: arena + start, count: Int(termStarts[id + 1]) - start), as: UTF8.self)
    }

    /// Whether the `term.count` bytes at `stored` are `term`'s: eight bytes at a time, then byte by byte,
    /// inline (a call to `memcmp` costs more than comparing a word of a dozen bytes).
    @inline(__always)
    private static func equal(_ stored: UnsafeMutablePointer<UInt8>, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = term.baseAddress else { return true }
        let (left, right) = (UnsafeRawPointer(stored), UnsafeRawPointer(base))
        var offset = 0
        while offset + 8 <= term.count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < term.count {
            if stored[offset] != base[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The id of `term`, or nil.
    @inline(__always)
    func id(of term: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = TermIndex.hash(term)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry.tagAndID == Self.empty { return nil }
            if entry.tagAndID & 0xFFFF_FFFF_0000_0000 == tag && Int(truncatingIfNeeded: entry.startAndCount & 0xFFFF_FFFF) == term.count
                && Self.equal(arena + Int(truncatingIfNeeded: entry.startAndCount >> 32), term)
            {
                return Int32(truncatingIfNeeded: entry.tagAndID & 0xFFFF_FFFF)
            }
            slot = (slot + 1) & mask
        }
    }
}
