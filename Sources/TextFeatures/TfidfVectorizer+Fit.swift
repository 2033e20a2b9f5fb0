import Foundation

extension TfidfVectorizer {
    /// Why fitting found no usable vocabulary; the messages are scikit-learn's.
    public enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
        /// No document has any term.
        case emptyVocabulary
        /// `max_df` allows fewer documents than `min_df` requires.
        case inconsistentLimits
        /// Every term fell outside the limits.
        case everyTermPruned

        public var description: String {
            switch self {
            case .emptyVocabulary: "empty vocabulary; perhaps the documents only contain stop words"
            case .inconsistentLimits: "max_df corresponds to < documents than min_df"
            case .everyTermPruned: "After pruning, no terms remain. Try a lower min_df or a higher max_df."
            }
        }
    }

    /// Learns the vocabulary and idf of `documents`, as scikit-learn's `fit` does: every term within
    /// `limits`, sorted by code point; idf = ln((1 + n) / (1 + df)) + 1 when smoothed, ln(n / df) + 1 if not.
    public static func fit(
        _ documents: [String],
        settings: TfidfSettings,
        limits: DocumentFrequencyLimits = .init()
    ) throws(FitError)
        -> TfidfVectorizer
    {
        let analyzer = TermAnalyzer(settings: settings)
        var terms = TermIndex(capacity: 1024)
        var documentFrequency: [Int] = []
        var corpusFrequency: [Int] = []
        var lastDocument: [Int] = []
        for (document, text) in documents.enumerated() {
            analyzer.forEachTerm(in: text) { term in
                let (id, inserted) = terms.insert(term)
                if inserted {
                    documentFrequency.append(0)
                    corpusFrequency.append(0)
                    lastDocument.append(-1)
                }
                corpusFrequency[id] += 1
                if lastDocument[id] != document {
                    lastDocument[id] = document
                    documentFrequency[id] += 1
                }
            }
        }
        guard terms.count > 0 else { throw .emptyVocabulary }

        let most = limits.maxDf.documents(of: documents.count)
        let least = limits.minDf.documents(of: documents.count)
        guard most >= least else { throw .inconsistentLimits }
        var kept = (0..<terms.count).filter { Double(documentFrequency[$0]) <= most && Double(documentFrequency[$0]) >= least }
        kept.sort { terms.bytes(of: $0).lexicographicallyPrecedes(terms.bytes(of: $1)) }
        if let maxFeatures = limits.maxFeatures, kept.count > maxFeatures {
            // The most frequent terms in the corpus; of equally frequent ones, the first in vocabulary order.
            let ranked = kept.indices.sorted { (-corpusFrequency[kept[$0]], $0) < (-corpusFrequency[kept[$1]], $1) }
            let chosen = Set(ranked.prefix(maxFeatures))
            kept = kept.indices.filter(chosen.contains).map { kept[$0] }
        }
        guard !kept.isEmpty else { throw .everyTermPruned }

        let smoothing = settings.smoothIdf ? 1.0 : 0.0
        let idf = kept.map { log((Double(documents.count) + smoothing) / (Double(documentFrequency[$0]) + smoothing)) + 1 }
        return try! TfidfVectorizer(settings: settings, vocabulary: kept.map(terms.term), idf: settings.useIdf ? idf : nil)
    }
}
