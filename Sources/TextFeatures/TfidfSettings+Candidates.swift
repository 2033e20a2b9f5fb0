extension TfidfSettings {
    /// The vectorizers that training searches over: word unigrams, word uni- and bigrams, and character
    /// 2–5-grams inside word boundaries; everything else at scikit-learn's defaults.
    public static let searchCandidates: [TfidfSettings] = [
        TfidfSettings(analyzer: .word, ngramRange: 1...1),
        TfidfSettings(analyzer: .word, ngramRange: 1...2),
        TfidfSettings(analyzer: .charWB, ngramRange: 2...5),
    ]

    /// A short label such as `word 1-2`.
    public var label: String { "\(analyzer.rawValue) \(ngramRange.lowerBound)-\(ngramRange.upperBound)" }
}
