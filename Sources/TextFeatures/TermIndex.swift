#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash table from terms, as UTF-8 bytes, to dense ids `0..<count`, looked up without making a `String`.
///
/// Keys are compared byte for byte, as Python compares `str`: unlike `String`, two canonically equivalent
/// spellings (`é` and `e` + U+0301) stay two terms, and lookups skip Unicode normalisation.
package struct TermIndex: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    /// An empty index with room for `capacity` terms before it grows.
    package init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// An index of `terms`, whose ids are their positions; returns the first duplicate's position if any.
    package static func build(_ terms: [String]) -> (index: TermIndex, firstDuplicate: (position: Int, original: Int)?) {
        var index = TermIndex(capacity: terms.count)
        for (position, term) in terms.enumerated() {
            var term = term
            let (id, inserted) = term.withUTF8 { index.insert($0) }
            if !inserted { return (index, (position, id)) }
        }
        return (index, nil)
    }

    /// Number of terms.
    package var count: Int { hashes.count }

    /// The bytes of term `id`.
    package func bytes(of id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// The term `id` as a string.
    package func term(_ id: Int) -> String { String(decoding: bytes(of: id), as: UTF8.self) }

    /// The id of `term`, or nil.
    @inline(__always)
    package func id(of term: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(term)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBufferPointer { arena in
            while true {
                let id = Int(slots[slot])
                if id < 0 { return nil }
                if hashes[id] == hash && Self.equal(arena, starts[id], starts[id + 1], term) { return id }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `term` unless present; returns its id and whether it was added.
    package mutating func insert(_ term: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        let hash = Self.hash(term)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let id = Int(slots[slot])
            if hashes[id] == hash && arena.withUnsafeBufferPointer({ Self.equal($0, starts[id], starts[id + 1], term) }) {
                return (id, false)
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        slots[slot] = Int32(id)
        hashes.append(hash)
        arena.append(contentsOf: term)
        starts.append(arena.count)
        if hashes.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// A multiply-xorshift hash over eight bytes at a time; only ever compared within one process.
    @inline(__always)
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
            offset += 8
        }
        let remaining = bytes.count - offset
        if remaining > 0 {
            // The last one to seven bytes without a branch per bit of their count (those mispredicted on
            // tokens of every length): a term of eight bytes or more takes its last eight, overlapping the
            // word before; a shorter one two overlapping halves, or three single bytes. The count is in the seed.
            let tail: UInt64
            if bytes.count >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) >> (8 &* UInt64(8 - remaining))
            } else if remaining >= 4 {
                tail = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: remaining - 4, as: UInt32.self)) << 32
            } else {
                tail =
                    UInt64(raw.load(as: UInt8.self)) | UInt64(raw.load(fromByteOffset: remaining / 2, as: UInt8.self)) << 8
                    | UInt64(raw.load(fromByteOffset: remaining - 1, as: UInt8.self)) << 16
            }
            hash = (hash ^ tail) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }

    private static func equal(_ arena: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end - start == term.count else { return false }
        guard let termBase = term.baseAddress, let arenaBase = arena.baseAddress else { return true }
        return memcmp(arenaBase + start, termBase, term.count) == 0
    }
}
