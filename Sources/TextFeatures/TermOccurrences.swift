/// One occurrence of a term in a text, and where it lies in the text as it was given.
public struct TermOccurrence: Sendable, Equatable {
    /// The term, as the analyzer makes it (lower-cased, accents stripped, n-grams joined by a space).
    public var term: String
    /// Its place in the Unicode scalars of the text as given: from the first scalar it comes from to past the
    /// last (with the combining marks after it that normalisation dropped); nil for a term made of padding
    /// alone (char_wb's one-space unigram).
    public var span: Range<Int>?

    /// `term` at `span`.
    public init(term: String, span: Range<Int>?) {
        self.term = term
        self.span = span
    }
}

extension TermAnalyzer {
    /// Every term of `text`, in the order and number that ``forEachTerm(in:_:)`` gives them, each with its place
    /// in the text: what an explanation highlights.
    ///
    /// The slow path, made for one text at a time and kept apart from the hot one: each scalar of the text is
    /// normalised on its own (lower-cased as Python does, Final_Sigma included; decomposed and stripped of accents)
    /// so that every normalised scalar knows which scalar of the text it came from. Decomposing scalar by scalar
    /// gives what decomposing the whole text gives, up to the canonical order of combining marks, which accent
    /// stripping drops; without accent stripping nothing is decomposed.
    public func occurrences(in text: String) -> [TermOccurrence] {
        let source = NormalizedScalars(text, settings: settings)
        switch settings.analyzer {
        case .word: return wordOccurrences(source)
        case .char: return charOccurrences(source)
        case .charWB: return wordBoundedCharOccurrences(source)
        }
    }

    private func wordOccurrences(_ source: NormalizedScalars) -> [TermOccurrence] {
        // `(?u)\b\w\w+\b`: maximal runs of two or more word scalars.
        var tokens: [Range<Int>] = []
        var position = 0
        while position < source.count {
            guard source.classes[position] == ByteClass.word else {
                position += 1
                continue
            }
            var end = position
            while end < source.count && source.classes[end] == ByteClass.word { end += 1 }
            if end - position >= 2 { tokens.append(position..<end) }
            position = end
        }
        if !settings.stopWords.isEmpty {
            let stopWords = Set(settings.stopWords)
            tokens.removeAll { stopWords.contains(source.string($0)) }
        }
        var found: [TermOccurrence] = []
        for n in settings.ngramRange where n <= tokens.count {
            for first in 0...(tokens.count - n) {
                let words = tokens[first..<(first + n)]
                let term = words.map(source.string).joined(separator: " ")
                found.append(TermOccurrence(term: term, span: source.span(of: words.first!.lowerBound..<words.last!.upperBound)))
            }
        }
        return found
    }

    /// `_char_ngrams`: a run of two or more white-space scalars is one space, which stands for the whole run.
    private func charOccurrences(_ source: NormalizedScalars) -> [TermOccurrence] {
        var units: [CharacterUnit] = []
        var position = 0
        while position < source.count {
            guard source.classes[position] == ByteClass.space else {
                units.append(CharacterUnit(text: String(source.scalars[position]), range: position..<position + 1))
                position += 1
                continue
            }
            var end = position
            while end < source.count && source.classes[end] == ByteClass.space { end += 1 }
            units.append(CharacterUnit(text: end - position == 1 ? String(source.scalars[position]) : " ", range: position..<end))
            position = end
        }
        return ngrams(of: units, source: source, stopAtWholeText: false)
    }

    /// `_char_wb_ngrams`: each white-space separated word, padded with a space on each side.
    private func wordBoundedCharOccurrences(_ source: NormalizedScalars) -> [TermOccurrence] {
        var found: [TermOccurrence] = []
        var position = 0
        while position < source.count {
            guard source.classes[position] != ByteClass.space else {
                position += 1
                continue
            }
            var units = [CharacterUnit.padding]
            while position < source.count && source.classes[position] != ByteClass.space {
                units.append(CharacterUnit(text: String(source.scalars[position]), range: position..<position + 1))
                position += 1
            }
            units.append(.padding)
            found += ngrams(of: units, source: source, stopAtWholeText: true)
        }
        return found
    }

    /// The n-grams of `units` for each n of the range, shortest first, as ``TermAnalyzer``'s own loop makes them.
    private func ngrams(of units: [CharacterUnit], source: NormalizedScalars, stopAtWholeText: Bool) -> [TermOccurrence] {
        var found: [TermOccurrence] = []
        func occurrence(_ window: ArraySlice<CharacterUnit>) -> TermOccurrence {
            let covered = window.compactMap(\.range)
            let span = covered.first.map { source.span(of: $0.lowerBound..<covered.last!.upperBound) }
            return TermOccurrence(term: window.map(\.text).joined(), span: span)
        }
        for n in settings.ngramRange {
            if n >= units.count {
                if stopAtWholeText { found.append(occurrence(units[...])) }
                if n > units.count || stopAtWholeText { break }
            }
            for first in 0...(units.count - n) { found.append(occurrence(units[first..<(first + n)])) }
        }
        return found
    }
}

/// A character of a character n-gram: a normalised scalar, a collapsed run of white space, or padding.
private struct CharacterUnit {
    var text: String
    /// The normalised scalars it stands for; nil for padding.
    var range: Range<Int>?

    static let padding = CharacterUnit(text: " ", range: nil)
}

/// A text normalised as the analyzer normalises it, each normalised scalar with the scalar of the text it came from.
private struct NormalizedScalars {
    var scalars: [Unicode.Scalar] = []
    var classes: [UInt8] = []
    /// For each normalised scalar, the index of the text's scalar it came from.
    var origins: [Int] = []
    /// For each scalar of the text, where a span ending at it ends: past it and past the scalars after it that
    /// produced nothing (combining marks stripped).
    private var spanEnds: [Int] = []

    var count: Int { scalars.count }

    init(_ text: String, settings: TfidfSettings) {
        let original = Array(text.unicodeScalars)
        var lowered: [(Unicode.Scalar, Int)] = []
        for (index, scalar) in original.enumerated() {
            guard settings.lowercase else {
                lowered.append((scalar, index))
                continue
            }
            if scalar == "\u{03A3}" {
                lowered.append((TextPreprocessing.isFinalSigma(at: index, in: original) ? "\u{03C2}" : "\u{03C3}", index))
            } else {
                for mapped in scalar.properties.lowercaseMapping.unicodeScalars { lowered.append((mapped, index)) }
            }
        }
        // strip_accents_unicode leaves an ASCII text as it is; decomposing ASCII changes nothing either.
        for (scalar, origin) in lowered {
            let kept: [Unicode.Scalar]
            switch settings.stripAccents {
            case nil: kept = [scalar]
            case _ where scalar.isASCII: kept = [scalar]
            case .unicode?:
                kept = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars.filter {
                    $0.properties.canonicalCombiningClass == .notReordered
                }
            case .ascii?: kept = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII)
            }
            for scalar in kept {
                scalars.append(scalar)
                classes.append(ByteClass.of(scalar))
                origins.append(origin)
            }
        }
        var produces = [Bool](repeating: false, count: original.count)
        for origin in origins { produces[origin] = true }
        spanEnds = Array(repeating: original.count, count: original.count)
        var nextProducing = original.count
        for index in original.indices.reversed() {
            spanEnds[index] = nextProducing
            if produces[index] { nextProducing = index }
        }
    }

    /// The normalised scalars in `range` as a string.
    func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

    /// The place in the text of the normalised scalars in `range` (not empty).
    func span(of range: Range<Int>) -> Range<Int> { origins[range.lowerBound]..<spanEnds[origins[range.upperBound - 1]] }
}
