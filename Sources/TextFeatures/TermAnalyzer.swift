/// Splits a document into terms exactly as scikit-learn's `build_analyzer()` does for the word, char and
/// char_wb analyzers: lower-casing, then tokens and word n-grams, or character n-grams.
///
/// Terms are handed out as UTF-8 bytes of a reused buffer, valid only during the callback.
struct TermAnalyzer: Sendable {
    let settings: TfidfSettings
    private let stopWords: TermIndex

    init(settings: TfidfSettings) {
        self.settings = settings
        self.stopWords = TermIndex.build(settings.stopWords).index
    }

    /// Calls `body` with every term of `text`, repeated terms repeatedly.
    func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let document = TextPreprocessing.preprocess(text, lowercase: settings.lowercase, stripAccents: settings.stripAccents)
        switch settings.analyzer {
        case .word: forEachWordNgram(in: document, body)
        case .char: forEachCharNgram(in: document, body)
        case .charWB: forEachWordBoundedCharNgram(in: document, body)
        }
    }

    // MARK: word

    private func forEachWordNgram(in document: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var document = document
        var tokens = Self.tokenRanges(of: document)
        let range = settings.ngramRange
        document.withUTF8 { bytes in
            if stopWords.count > 0 {
                tokens.removeAll { stopWords.id(of: UnsafeBufferPointer(rebasing: bytes[$0])) != nil }
            }
            if range.lowerBound == 1 {
                for token in tokens { body(UnsafeBufferPointer(rebasing: bytes[token])) }
            }
            let longest = min(range.upperBound, tokens.count)
            let shortest = max(range.lowerBound, 2)
            guard shortest <= longest else { return }
            var joined: [UInt8] = []
            for n in shortest...longest {
                for first in 0...(tokens.count - n) {
                    joined.removeAll(keepingCapacity: true)
                    for token in tokens[first..<(first + n)] {
                        if !joined.isEmpty { joined.append(0x20) }
                        joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token]))
                    }
                    joined.withUnsafeBufferPointer(body)
                }
            }
        }
    }

    /// UTF-8 ranges of the matches of `(?u)\b\w\w+\b`: every maximal run of two or more word characters.
    static func tokenRanges(of document: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = 0
        var start = 0
        var runLength = 0
        for scalar in document.unicodeScalars {
            if scalar.isPythonWordCharacter {
                if runLength == 0 { start = offset }
                runLength += 1
            } else {
                if runLength >= 2 { ranges.append(start..<offset) }
                runLength = 0
            }
            offset += UTF8.width(scalar)
        }
        if runLength >= 2 { ranges.append(start..<offset) }
        return ranges
    }

    // MARK: char and char_wb

    /// `_char_ngrams`: runs of two or more white-space characters become one space, then every n-gram of
    /// code points of the whole text.
    private func forEachCharNgram(in document: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = CodePointText()
        var pendingWhitespace: [Unicode.Scalar] = []
        for scalar in document.unicodeScalars {
            if scalar.isPythonWhitespace {
                pendingWhitespace.append(scalar)
                continue
            }
            text.flush(whitespace: &pendingWhitespace)
            text.append(scalar)
        }
        text.flush(whitespace: &pendingWhitespace)
        text.forEachNgram(in: settings.ngramRange, stopAtWholeText: false, body)
    }

    /// `_char_wb_ngrams`: for each white-space separated word, padded with a space on each side, its
    /// n-grams; a padded word shorter than n yields itself once, and no longer n-grams.
    private func forEachWordBoundedCharNgram(in document: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word = CodePointText()
        func emitWord() {
            guard word.count > 0 else { return }
            word.append(" ")
            word.forEachNgram(in: settings.ngramRange, stopAtWholeText: true, body)
            word.removeAll()
        }
        for scalar in document.unicodeScalars {
            if scalar.isPythonWhitespace {
                emitWord()
            } else {
                if word.count == 0 { word.append(" ") }
                word.append(scalar)
            }
        }
        emitWord()
    }
}

/// Code points with their UTF-8 bytes, so that an n-gram of code points is one contiguous byte slice.
private struct CodePointText {
    private(set) var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ scalar: Unicode.Scalar) {
        bytes.append(contentsOf: UTF8.encode(scalar)!)
        starts.append(bytes.count)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
    }

    /// Appends white space as Python's `re.sub(r"\s\s+", " ", text)` leaves it.
    mutating func flush(whitespace: inout [Unicode.Scalar]) {
        if whitespace.count == 1 { append(whitespace[0]) } else if whitespace.count > 1 { append(" ") }
        whitespace.removeAll(keepingCapacity: true)
    }

    /// Every n-gram for n in `range`, shortest n first. With `stopAtWholeText`, an n at least as long as the
    /// text yields the whole text once and ends the loop (char_wb); without it, such an n yields nothing (char).
    func forEachNgram(in range: ClosedRange<Int>, stopAtWholeText: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            for n in range {
                if n >= count {
                    if stopAtWholeText { body(bytes) }
                    if n > count || stopAtWholeText { return }
                }
                for first in 0...(count - n) {
                    body(UnsafeBufferPointer(rebasing: bytes[starts[first]..<starts[first + n]]))
                }
            }
        }
    }
}
