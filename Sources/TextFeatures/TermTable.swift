/// A vocabulary laid out for lookups on the prediction path.
///
/// Each slot is eight bytes, the upper half of a term's hash beside where the term's record lies in the
/// arena; a record is the term's id, byte count and weight (its idf) followed by its bytes, records in id
/// order. A lookup is two dependent loads, the slot and the record; a term of up to 32 bytes is hashed and
/// compared as a ``TermKey``. Halving the slots from 16 bytes (`lr`: 256 KB to 128 KB, beside the records,
/// in a core's L2 cache) made `lr`'s data-set pass 8–14 % faster; keeping the bounds in an array of their
/// own instead of in the record added a third stall per lookup (`perf annotate`), and so did reading the
/// weight from an array of its own (a miss per feature) instead of the record the lookup has just read.
/// A perfect-hash table of 32-byte slots holding the terms inline (one slot read, but after a read of its
/// bucket's pilot) was 20 % slower.
package final class TermTable: Sendable {
    /// The table's memory as a plain value: read through raw pointers, without retains or bounds checks.
    package struct Lookup: @unchecked Sendable {
        /// Upper 32 bits of the hash, lower 32 the record's offset in the arena; `empty` when unused.
        fileprivate let slots: UnsafeMutablePointer<UInt64>
        fileprivate let mask: Int
        /// Records: the id (32 bits) and byte count (32 bits) of a term, its weight, then its bytes.
        fileprivate let arena: UnsafeMutablePointer<UInt8>
        fileprivate let masks: TermKey.LaneMasks

        fileprivate static let empty = UInt64.max
        fileprivate static let headerSize = 16
        fileprivate static let tagBits: UInt64 = 0xFFFF_FFFF_0000_0000

        /// Where the record of `term` lies, or -1. The term must have ``TermKey/width`` readable bytes from its
        /// start, as the analyzer's terms have. Records lie in id order.
        @inline(__always)
        package func record(ofPadded term: UnsafeBufferPointer<UInt8>) -> Int32 { find(term).record }

        /// The id of the term whose record lies at `record`.
        @inline(__always)
        package func id(atRecord record: Int32) -> Int32 { UnsafeRawPointer(arena + Int(record)).loadUnaligned(as: Int32.self) }

        /// The weight of the term whose record lies at `record`.
        @inline(__always)
        package func weight(atRecord record: Int32) -> Double {
            UnsafeRawPointer(arena + Int(record)).loadUnaligned(fromByteOffset: 8, as: Double.self)
        }

        /// A lookup of a term of up to a key's width whose first slot is being read; see ``startLookup(ofPadded:)``.
        /// The slot itself is the hash's low bits.
        package struct PendingLookup {
            fileprivate let key: TermKey
            fileprivate let hash: UInt64
            fileprivate let entry: UInt64
        }

        /// Hashes `term` and reads its first slot, for ``finishLookup(_:)`` to compare its record later: a
        /// caller that starts several lookups before it finishes them has their reads in flight together.
        /// The lookup holds a copy of the term. Nil for a term longer than a key (or without memory). The
        /// term must have ``TermKey/width`` readable bytes from its start.
        @inline(__always)
        package func startLookup(ofPadded term: UnsafeBufferPointer<UInt8>) -> PendingLookup? {
            guard term.count <= TermKey.width, let base = term.baseAddress else { return nil }
            let key = TermKey(readingPast: base, count: term.count, masks: masks)
            let hash = key.hash
            return PendingLookup(key: key, hash: hash, entry: slots[slot(of: hash)])
        }

        /// Where the record of a started lookup's term lies, or -1.
        @inline(__always)
        package func finishLookup(_ lookup: PendingLookup) -> Int32 {
            probe(lookup.hash, from: slot(of: lookup.hash), entry: lookup.entry) { record, count in lookup.key.matches(record, count: count) }.record
        }

        /// The first slot a term with `hash` may lie in.
        @inline(__always)
        private func slot(of hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & mask }

        /// `term`'s record, or -1 and the empty slot where it would go, and its hash.
        @inline(__always)
        fileprivate func find(_ term: UnsafeBufferPointer<UInt8>) -> (record: Int32, slot: Int, hash: UInt64) {
            guard term.count <= TermKey.width else { return findLong(term) }
            let key = term.baseAddress.map { TermKey(readingPast: $0, count: term.count, masks: masks) } ?? TermKey(copying: term, masks: masks)
            let hash = key.hash
            return probe(hash) { record, count in key.matches(record, count: count) }
        }

        /// ``find(_:)`` for a term longer than a key: hashed and compared by loops over its bytes.
        private func findLong(_ term: UnsafeBufferPointer<UInt8>) -> (record: Int32, slot: Int, hash: UInt64) {
            let hash = TermIndex.hash(term)
            return probe(hash) { record, count in count == term.count && Self.equal(record, term) }
        }

        /// Walks the slots from `hash`'s until an empty one or a record whose bytes and byte count `holds`.
        @inline(__always)
        private func probe(_ hash: UInt64, holds: (UnsafeRawPointer, Int) -> Bool) -> (record: Int32, slot: Int, hash: UInt64) {
            let slot = slot(of: hash)
            return probe(hash, from: slot, entry: slots[slot], holds: holds)
        }

        /// ``probe(_:holds:)`` from `slot`, whose entry `entry` has been read.
        @inline(__always)
        private func probe(
            _ hash: UInt64,
            from slot: Int,
            entry: UInt64,
            holds: (UnsafeRawPointer, Int) -> Bool
        ) -> (record: Int32, slot: Int, hash: UInt64) {
            var (slot, entry) = (slot, entry)
            while true {
                if entry == Self.empty { return (-1, slot, hash) }
                if entry & Self.tagBits == hash & Self.tagBits {
                    let record = UnsafeRawPointer(arena + Int(truncatingIfNeeded: entry & 0xFFFF_FFFF))
                    let header = record.loadUnaligned(as: UInt64.self)
                    if holds(record + Self.headerSize, Int(truncatingIfNeeded: header >> 32)) {
                        return (Int32(truncatingIfNeeded: entry), slot, hash)
                    }
                }
                slot = (slot + 1) & mask
                entry = slots[slot]
            }
        }

        /// Whether the `term.count` bytes at `stored` are `term`'s: eight bytes at a time, then byte by byte.
        private static func equal(_ stored: UnsafeRawPointer, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = term.baseAddress else { return true }
            let right = UnsafeRawPointer(base)
            var offset = 0
            while offset + 8 <= term.count {
                if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                    return false
                }
                offset += 8
            }
            while offset < term.count {
                if stored.load(fromByteOffset: offset, as: UInt8.self) != base[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// The lookup view; valid while this table lives.
    package let lookup: Lookup
    /// Where term `id`'s record starts in the arena, for ``term(_:)``.
    private let recordStarts: [Int]
    /// Number of terms.
    package var count: Int { recordStarts.count }

    /// The table of `terms`, whose ids are their positions, each with its weight in `weights` (1 without);
    /// throws at the first term that repeats an earlier one.
    package init(_ terms: [String], weights: [Double]?) throws(DuplicateTerm) {
        precondition(weights.map { $0.count == terms.count } ?? true, "one weight per term")
        var size = 16
        while size < terms.count * 2 { size *= 2 }
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        slots.initialize(repeating: Lookup.empty, count: size)
        let arenaSize = terms.reduce(0) { $0 + Lookup.headerSize + $1.utf8.count }
        precondition(arenaSize < Int(Int32.max), "a vocabulary of \(arenaSize) bytes does not fit the 31-bit record offsets")
        // Keys are compared by reading their width from a record's bytes, past the last record too.
        let arena = UnsafeMutableRawPointer.allocate(byteCount: arenaSize + TermKey.width, alignment: 8)
        arena.initializeMemory(as: UInt8.self, repeating: 0, count: arenaSize + TermKey.width)
        let masks = TermKey.LaneMasks()
        let lookup = Lookup(
            slots: slots,
            mask: size - 1,
            arena: arena.bindMemory(to: UInt8.self, capacity: arenaSize + TermKey.width),
            masks: masks
        )
        var recordStarts: [Int] = []
        recordStarts.reserveCapacity(terms.count)
        var start = 0
        for (id, term) in terms.enumerated() {
            var term = term
            let count = term.utf8.count
            let termBytes = lookup.arena + start + Lookup.headerSize
            term.withUTF8 { _ = UnsafeMutableBufferPointer(start: termBytes, count: count).initialize(from: $0) }
            let (original, slot, hash) = lookup.find(UnsafeBufferPointer(start: termBytes, count: count))
            if original >= 0 {
                let originalId = lookup.id(atRecord: original)
                slots.deallocate()
                arena.deallocate()
                masks.deallocate()
                throw DuplicateTerm(position: id, original: Int(originalId))
            }
            arena.storeBytes(of: UInt64(count) << 32 | UInt64(id), toByteOffset: start, as: UInt64.self)
            arena.storeBytes(of: weights?[id] ?? 1, toByteOffset: start + 8, as: Double.self)
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
        lookup.masks.deallocate()
    }

    /// The weight of term `id`.
    package func weight(_ id: Int) -> Double { lookup.weight(atRecord: Int32(recordStarts[id])) }

    /// Term `id` as a string.
    package func term(_ id: Int) -> String {
        let record = lookup.arena + recordStarts[id]
        let count = Int(UnsafeRawPointer(record).loadUnaligned(as: UInt64.self) >> 32)
        return String(decoding: UnsafeBufferPointer(start: record + Lookup.headerSize, count: count), as: UTF8.self)
    }
}

/// A term listed twice: at `position`, and first at `original`.
package struct DuplicateTerm: Error, Equatable {
    package let position: Int
    package let original: Int

    package init(position: Int, original: Int) {
        self.position = position
        self.original = original
    }
}
