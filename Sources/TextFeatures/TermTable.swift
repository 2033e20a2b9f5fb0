/// A vocabulary laid out for lookups on the prediction path.
///
/// Each slot is eight bytes, the upper half of a term's hash beside where the term's record lies in the
/// arena; a record is the term's id and byte count followed by its bytes. A lookup is two dependent loads,
/// the slot and the record. Halving the slots from 16 bytes (`lr`: 256 KB to 128 KB, beside 150 KB of
/// records, in a core's L2 cache) made `lr`'s data-set pass 8–14 % faster; keeping the bounds in an array
/// of their own instead of in the record added a third stall per lookup (`perf annotate`).
final class TermTable: Sendable {
    /// The table's memory as a plain value: read through raw pointers, without retains or bounds checks.
    struct Lookup: @unchecked Sendable {
        /// Upper 32 bits of the hash, lower 32 the record's offset in the arena; `empty` when unused.
        fileprivate let slots: UnsafeMutablePointer<UInt64>
        fileprivate let mask: Int
        /// Records: the id (32 bits) and byte count (32 bits) of a term, then its bytes.
        fileprivate let arena: UnsafeMutablePointer<UInt8>

        fileprivate static let empty = UInt64.max
        fileprivate static let headerSize = 8
        fileprivate static let tagBits: UInt64 = 0xFFFF_FFFF_0000_0000

        /// The id of `term`, or nil.
        @inline(__always)
        func id(of term: UnsafeBufferPointer<UInt8>) -> Int32? {
            let hash = TermIndex.hash(term)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != Self.empty {
                if let id = id(in: slots[slot], ifItHolds: term, hash: hash) { return id }
                slot = (slot + 1) & mask
            }
            return nil
        }

        /// The id in the record the slot `entry` points at, when that record holds `term`, whose hash is `hash`.
        @inline(__always)
        fileprivate func id(in entry: UInt64, ifItHolds term: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
            guard entry & Self.tagBits == hash & Self.tagBits else { return nil }
            let record = arena + Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            let header = UnsafeRawPointer(record).loadUnaligned(as: UInt64.self)
            guard Int(truncatingIfNeeded: header >> 32) == term.count && Self.equal(record + Self.headerSize, term) else { return nil }
            return Int32(truncatingIfNeeded: header)
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
    }

    /// The lookup view; valid while this table lives.
    let lookup: Lookup
    /// Where term `id`'s record starts in the arena, for ``term(_:)``.
    private let recordStarts: [Int]
    /// Number of terms.
    var count: Int { recordStarts.count }

    /// The table of `terms`, whose ids are their positions; throws at the first term that repeats an earlier one.
    init(_ terms: [String]) throws(DuplicateTerm) {
        var size = 16
        while size < terms.count * 2 { size *= 2 }
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        slots.initialize(repeating: Lookup.empty, count: size)
        let arenaSize = terms.reduce(0) { $0 + Lookup.headerSize + $1.utf8.count }
        precondition(arenaSize < Int(UInt32.max), "a vocabulary of \(arenaSize) bytes does not fit the 32-bit record offsets")
        let arena = UnsafeMutableRawPointer.allocate(byteCount: max(arenaSize, 1), alignment: 8)
        let lookup = Lookup(slots: slots, mask: size - 1, arena: arena.bindMemory(to: UInt8.self, capacity: max(arenaSize, 1)))
        var recordStarts: [Int] = []
        recordStarts.reserveCapacity(terms.count)
        var start = 0
        for (id, term) in terms.enumerated() {
            var term = term
            let count = term.utf8.count
            let termBytes = lookup.arena + start + Lookup.headerSize
            term.withUTF8 { _ = UnsafeMutableBufferPointer(start: termBytes, count: count).initialize(from: $0) }
            let bytes = UnsafeBufferPointer(start: termBytes, count: count)
            let hash = TermIndex.hash(bytes)
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != Lookup.empty {
                if let original = lookup.id(in: slots[slot], ifItHolds: bytes, hash: hash) {
                    slots.deallocate()
                    arena.deallocate()
                    throw DuplicateTerm(position: id, original: Int(original))
                }
                slot = (slot + 1) & (size - 1)
            }
            arena.storeBytes(of: UInt64(count) << 32 | UInt64(id), toByteOffset: start, as: UInt64.self)
            slots[slot] = (hash & Lookup.tagBits) | UInt64(start)
            recordStarts.append(start)
            start += Lookup.headerSize + count
        }
        self.recordStarts = recordStarts
        self.lookup = lookup
    }

    deinit {
        lookup.slots.deallocate()
        lookup.arena.deallocate()
    }

    /// Term `id` as a string.
    func term(_ id: Int) -> String {
        let record = lookup.arena + recordStarts[id]
        let count = Int(UnsafeRawPointer(record).loadUnaligned(as: UInt64.self) >> 32)
        return String(decoding: UnsafeBufferPointer(start: record + Lookup.headerSize, count: count), as: UTF8.self)
    }
}

/// A term listed twice: at `position`, and first at `original`.
struct DuplicateTerm: Error {
    let position: Int
    let original: Int
}
