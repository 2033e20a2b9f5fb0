extension TfidfVectorizer {
    /// The feature of `term`, or nil when the vocabulary does not hold it.
    public func feature(of term: String) -> Int? {
        let length = term.utf8.count
        // Lookups read a key's width past a term's start.
        let padded = Array(term.utf8) + [UInt8](repeating: 0, count: TermKey.width)
        let record = padded.withUnsafeBufferPointer { terms.lookup.record(ofPadded: UnsafeBufferPointer(rebasing: $0[0..<length])) }
        return record >= 0 ? Int(terms.lookup.id(atRecord: record)) : nil
    }

    /// The term of feature `feature` (0..<``featureCount``).
    public func term(of feature: Int) -> String { terms.term(feature) }

    /// Where the vocabulary's terms lie in `text`: each feature the text holds, with the place of every
    /// occurrence, in Unicode scalars of the text as given (``TermAnalyzer/occurrences(in:)``).
    public func spans(in text: String) -> [Int: [Range<Int>]] {
        var spans: [Int: [Range<Int>]] = [:]
        for occurrence in analyzer.occurrences(in: text) {
            guard let feature = feature(of: occurrence.term) else { continue }
            spans[feature, default: []] += occurrence.span.map { [$0] } ?? []
        }
        return spans
    }
}
