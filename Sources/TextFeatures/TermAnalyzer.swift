/// Splits a document into terms exactly as scikit-learn's `build_analyzer()` does for the word, char and
/// char_wb analyzers: lower-casing, then tokens and word n-grams, or character n-grams.
///
/// The document is first normalised into the thread's ``AnalysisScratch`` (the SIMD ``FastNormalizer``
/// where it applies, the ``UnicodeNormalizer`` otherwise); terms are handed out as UTF-8 bytes of that
/// scratch space, valid only during the callback. Nothing is allocated once the scratch space has grown.
public struct TermAnalyzer: Sendable {
    /// Which normaliser may run.
    package enum Path: Sendable {
        /// The fast path wherever it covers the document, the general one otherwise.
        case fastWhereCovered
        /// The general path only: the reference the fast path is tested against.
        case generalOnly
    }

    /// How terms are made.
    public let settings: TfidfSettings
    private let stopWords: TermIndex

    /// An analyzer for `settings`.
    public init(settings: TfidfSettings) {
        self.settings = settings
        self.stopWords = TermIndex.build(settings.stopWords).index
    }

    /// Calls `body` with the UTF-8 bytes of every term of `text`, repeated terms repeatedly; the bytes are
    /// valid only during the call.
    public func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        forEachTerm(in: text, path: .fastWhereCovered, body)
    }

    /// Calls `body` with every term of `text`, normalised by `path`.
    package func forEachTerm(in text: String, path: Path, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        AnalysisScratch.withCurrent { forEachTerm(in: text, path: path, scratch: $0, body) }
    }

    /// Calls `body` with every term of `text`, working in `scratch`. Each term lies in the scratch space with
    /// at least ``TermKey/width`` readable bytes from its start, which vocabulary lookups read past its end.
    ///
    /// Inlined, with the word analyzer, into the caller: otherwise the variables `body` captures (the
    /// vectorizer's count of features found, its count of lookups started) live in memory, read and written
    /// through pointers for every term.
    @inline(__always)
    package func forEachTerm(
        in text: String,
        path: Path = .fastWhereCovered,
        scratch: UnsafeMutablePointer<AnalysisScratch>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        normalize(text, path: path, into: scratch)
        forEachTermOfNormalized(scratch: scratch, body)
    }

    /// Calls `body` with every term of the document that ``normalize(_:path:into:)`` or
    /// ``normalize(utf8:into:)`` left in `scratch`. Inlined for the reason ``forEachTerm(in:path:scratch:_:)`` gives.
    @inline(__always)
    func forEachTermOfNormalized(scratch: UnsafeMutablePointer<AnalysisScratch>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let document = NormalizedDocument(text: scratch.pointee.text.base, classes: scratch.pointee.classes.base, count: scratch.pointee.text.count)
        switch settings.analyzer {
        case .word: forEachWordNgram(in: document, scratch: scratch, body)
        case .char: forEachCharNgram(in: document, scratch: scratch, body)
        case .charWB: forEachWordBoundedCharNgram(in: document, scratch: scratch, body)
        }
    }

    /// Lower-cases, strips accents and classifies `text` into `scratch`; true when the fast path did it.
    @discardableResult
    package func normalize(_ text: String, path: Path, into scratch: UnsafeMutablePointer<AnalysisScratch>) -> Bool {
        if path == .fastWhereCovered {
            let done = text.utf8.withContiguousStorageIfAvailable {
                FastNormalizer.normalize($0, lowercase: settings.lowercase, asciiOnly: settings.stripAccents != nil, into: scratch)
            }
            if done == true { return true }
        }
        UnicodeNormalizer.normalize(text, settings: settings, into: scratch)
        return false
    }

    /// Normalises valid UTF-8 `text` into `scratch` as ``normalize(_:path:into:)`` does the same text as a
    /// `String`; a `String` is made only where the fast path does not cover the text.
    @inline(__always)
    func normalize(utf8 text: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutablePointer<AnalysisScratch>) {
        if FastNormalizer.normalize(text, lowercase: settings.lowercase, asciiOnly: settings.stripAccents != nil, into: scratch) { return }
        UnicodeNormalizer.normalize(String(decoding: text, as: UTF8.self), settings: settings, into: scratch)
    }

    // MARK: word

    @inline(__always)
    private func forEachWordNgram(
        in document: NormalizedDocument,
        scratch: UnsafeMutablePointer<AnalysisScratch>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let range = settings.ngramRange
        if range == 1...1 && stopWords.count == 0 {
            // Single code points dropped by a branch here (about one run in ten, well predicted) instead
            // of a pass that compacts the runs first: 4 % of `lr`'s data-set pass.
            let runCount = document.collectWordRuns(into: &scratch.pointee.offsets)
            let runs = scratch.pointee.offsets.base
            for index in 0..<runCount {
                let (start, end) = (Int(runs[2 * index]), Int(runs[2 * index + 1]))
                if document.holdsTwoCodePoints(start, end) { body(document.bytes(start, end)) }
            }
            return
        }
        var tokenCount = document.collectTokens(into: &scratch.pointee.offsets)
        let tokens = scratch.pointee.offsets.base
        func token(_ index: Int) -> UnsafeBufferPointer<UInt8> { document.bytes(Int(tokens[2 * index]), Int(tokens[2 * index + 1])) }
        if stopWords.count > 0 {
            var kept = 0
            for index in 0..<tokenCount where stopWords.id(of: token(index)) == nil {
                (tokens[2 * kept], tokens[2 * kept + 1]) = (tokens[2 * index], tokens[2 * index + 1])
                kept += 1
            }
            tokenCount = kept
        }
        if range.lowerBound == 1 {
            for index in 0..<tokenCount { body(token(index)) }
        }
        let longest = min(range.upperBound, tokenCount)
        let shortest = max(range.lowerBound, 2)
        guard shortest <= longest else { return }
        for n in shortest...longest {
            for first in 0...(tokenCount - n) {
                scratch.pointee.joined.count = 0
                for index in first..<(first + n) {
                    if index > first { scratch.pointee.joined.append(0x20) }
                    for byte in token(index) { scratch.pointee.joined.append(byte) }
                }
                scratch.pointee.joined.reserve(scratch.pointee.joined.count + TermKey.width)
                body(scratch.pointee.joined.buffer)
            }
        }
    }

    // MARK: char and char_wb

    /// `_char_ngrams`: runs of two or more white-space characters become one space, then every n-gram of
    /// code points of the whole text.
    private func forEachCharNgram(
        in document: NormalizedDocument,
        scratch: UnsafeMutablePointer<AnalysisScratch>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let text = CodePointText(scratch: scratch)
        var position = 0
        while position < document.count {
            let end = document.codePointEnd(after: position)
            guard document.classes[position] == ByteClass.space else {
                text.append(document, position, end)
                position = end
                continue
            }
            let runEnd = document.runEnd(from: position) { $0 == ByteClass.space }
            if runEnd == end { text.append(document, position, end) } else { text.appendSpace() }
            position = runEnd
        }
        text.forEachNgram(in: settings.ngramRange, stopAtWholeText: false, body)
    }

    /// `_char_wb_ngrams`: for each white-space separated word, padded with a space on each side, its
    /// n-grams; a padded word shorter than n yields itself once, and no longer n-grams.
    private func forEachWordBoundedCharNgram(
        in document: NormalizedDocument,
        scratch: UnsafeMutablePointer<AnalysisScratch>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var position = 0
        while position < document.count {
            if document.classes[position] == ByteClass.space {
                position += 1
                continue
            }
            let end = document.runEnd(from: position) { $0 != ByteClass.space }
            let word = CodePointText(scratch: scratch)
            word.appendSpace()
            var start = position
            while start < end {
                let next = document.codePointEnd(after: start)
                word.append(document, start, next)
                start = next
            }
            word.appendSpace()
            word.forEachNgram(in: settings.ngramRange, stopAtWholeText: true, body)
            position = end
        }
    }
}

/// A normalised document in scratch memory: UTF-8 bytes and the ``ByteClass`` of each.
struct NormalizedDocument {
    let text: UnsafeMutablePointer<UInt8>
    let classes: UnsafeMutablePointer<UInt8>
    let count: Int

    @inline(__always)
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: text + start, count: end - start) }

    /// The end of the code point that starts at `position`.
    @inline(__always)
    func codePointEnd(after position: Int) -> Int {
        var end = position + 1
        while end < count && text[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    /// The end of the run of bytes from `start` whose class passes `test`.
    @inline(__always)
    func runEnd(from start: Int, while test: (UInt8) -> Bool) -> Int {
        var end = start
        while end < count && test(classes[end]) { end += 1 }
        return end
    }

    /// Writes the byte ranges of the matches of `(?u)\b\w\w+\b`, every maximal run of two or more word code
    /// points, to `tokens` as start and end pairs; returns how many tokens there are.
    @inline(__always)
    func collectTokens(into tokens: inout ScratchArray<Int32>) -> Int {
        let runCount = collectWordRuns(into: &tokens)
        let runs = tokens.base
        // Kept by a conditional count, without a branch.
        var kept = 0
        for index in 0..<runCount {
            let (start, end) = (runs[2 * index], runs[2 * index + 1])
            runs[kept] = start
            runs[kept + 1] = end
            kept &+= holdsTwoCodePoints(Int(start), Int(end)) ? 2 : 0
        }
        tokens.count = kept
        return kept / 2
    }

    /// Writes the byte ranges of the maximal runs of word code points to `runs` as start and end pairs;
    /// returns how many runs there are.
    ///
    /// Without a branch per run, whose mispredictions cost more than the work: every edge between word and
    /// non-word bytes from 16 classes at a time as a bit mask, written four at a time whether there are that
    /// many or not. The class buffer has 16 zero (non-word) bytes past `count`.
    @inline(__always)
    func collectWordRuns(into runs: inout ScratchArray<Int32>) -> Int {
        runs.count = 0
        // At most one edge per byte and one at the end; the unconditional writes run up to 16 further.
        runs.reserve(count + 32)
        let edges = runs.base
        var next = edges
        var wordBefore: UInt32 = 0
        var position = 0
        while position < count {
            let chunk = UnsafeRawPointer(classes + position).loadUnaligned(as: SIMD16<UInt8>.self)
            let words = UInt32(chunk.lanes(equalTo: ByteClass.word).bitMask)
            // A set bit where a byte's class differs from the byte before it; past the end the classes
            // are non-word, so a word running to the end closes at `count`.
            var changes = (words ^ (words << 1 | wordBefore)) & 0xFFFF
            wordBefore = words >> 15
            let chunkStart = Int32(truncatingIfNeeded: position)
            for _ in 0..<4 {
                next.pointee = chunkStart &+ Int32(truncatingIfNeeded: changes.trailingZeroBitCount)
                next += changes != 0 ? 1 : 0
                changes &= changes &- 1
            }
            while changes != 0 {
                next.pointee = chunkStart &+ Int32(truncatingIfNeeded: changes.trailingZeroBitCount)
                next += 1
                changes &= changes &- 1
            }
            position &+= 16
        }
        if wordBefore != 0 {
            next.pointee = Int32(truncatingIfNeeded: count)
            next += 1
        }
        runs.count = next - edges
        return runs.count / 2
    }

    /// Whether the run of word bytes from `start` to `end` holds two code points or more: more bytes than
    /// its first code point has, which the high nibble of its lead byte tells.
    @inline(__always)
    func holdsTwoCodePoints(_ start: Int, _ end: Int) -> Bool {
        // Two bits per high nibble: the code point's byte count less one (ASCII 0, 0xC–0xD 1, 0xE 2, 0xF 3),
        // a shift and a mask where counting the lead byte's one bits took a branch and a maximum.
        let extraBytes = 0xE500_0000 as UInt32 >> (UInt32(text[start] >> 4) &* 2) & 3
        return end &- start &- 1 > Int(extraBytes)
    }
}

/// Code points laid out contiguously in the scratch space's `joined`, with their starts in `joinedStarts`, so
/// that an n-gram of code points is one byte slice.
private struct CodePointText {
    let scratch: UnsafeMutablePointer<AnalysisScratch>

    init(scratch: UnsafeMutablePointer<AnalysisScratch>) {
        self.scratch = scratch
        scratch.pointee.joined.count = 0
        scratch.pointee.joinedStarts.count = 0
        scratch.pointee.joinedStarts.append(0)
    }

    var count: Int { scratch.pointee.joinedStarts.count - 1 }

    func append(_ document: NormalizedDocument, _ start: Int, _ end: Int) {
        for position in start..<end { scratch.pointee.joined.append(document.text[position]) }
        scratch.pointee.joinedStarts.append(Int32(truncatingIfNeeded: scratch.pointee.joined.count))
    }

    func appendSpace() {
        scratch.pointee.joined.append(0x20)
        scratch.pointee.joinedStarts.append(Int32(truncatingIfNeeded: scratch.pointee.joined.count))
    }

    /// Every n-gram for n in `range`, shortest n first. With `stopAtWholeText`, an n at least as long as the
    /// text yields the whole text once and ends the loop (char_wb); without it, such an n yields nothing (char).
    func forEachNgram(in range: ClosedRange<Int>, stopAtWholeText: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        scratch.pointee.joined.reserve(scratch.pointee.joined.count + TermKey.width)
        let bytes = scratch.pointee.joined.buffer
        let starts = scratch.pointee.joinedStarts.buffer
        let count = self.count
        for n in range {
            if n >= count {
                if stopAtWholeText { body(bytes) }
                if n > count || stopAtWholeText { return }
            }
            for first in 0...(count - n) {
                body(UnsafeBufferPointer(rebasing: bytes[Int(starts[first])..<Int(starts[first + n])]))
            }
        }
    }
}
