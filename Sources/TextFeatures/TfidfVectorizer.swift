import Foundation

/// A fitted TF-IDF vectorizer with scikit-learn's `TfidfVectorizer` semantics: the same terms, the same
/// vocabulary order and the same weights.
///
/// Immutable once built; `transform` is safe to call from any number of threads at once.
public struct TfidfVectorizer: Sendable {
    /// How terms are made and weighted.
    public let settings: TfidfSettings
    /// `vocabulary[i]` is the term of feature `i`.
    public let vocabulary: [String]
    /// `idf[i]` is the inverse document frequency of feature `i`; nil when `useIdf` is off.
    public let idf: [Double]?
    private let analyzer: TermAnalyzer
    private let termIndex: TermIndex

    /// A vectorizer over `vocabulary` with the given `idf` weights.
    ///
    /// Throws ``InvalidVectorizer`` when a term repeats or `idf` does not fit the vocabulary.
    public init(settings: TfidfSettings, vocabulary: [String], idf: [Double]?) throws(InvalidVectorizer) {
        let (index, duplicate) = TermIndex.build(vocabulary)
        if let duplicate {
            throw InvalidVectorizer(
                field: "vocabulary[\(duplicate.position)]",
                reason: "repeats the term \"\(vocabulary[duplicate.position])\" of vocabulary[\(duplicate.original)]")
        }
        if settings.useIdf {
            guard let idf else { throw InvalidVectorizer(field: "idf", reason: "is missing while useIdf is true") }
            guard idf.count == vocabulary.count else {
                throw InvalidVectorizer(field: "idf", reason: "has \(idf.count) values; expected \(vocabulary.count) (one per vocabulary term)")
            }
            if let bad = idf.firstIndex(where: { !$0.isFinite }) {
                throw InvalidVectorizer(field: "idf[\(bad)]", reason: "is \(idf[bad]); every value must be a finite number")
            }
        }
        self.settings = settings
        self.vocabulary = vocabulary
        self.idf = settings.useIdf ? idf : nil
        self.analyzer = TermAnalyzer(settings: settings)
        self.termIndex = index
    }

    /// Number of features.
    public var featureCount: Int { vocabulary.count }

    /// Every term of `text` under `settings`, as scikit-learn's `build_analyzer()(text)` returns them.
    public static func terms(of text: String, settings: TfidfSettings) -> [String] {
        var terms: [String] = []
        TermAnalyzer(settings: settings).forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// The TF-IDF vector of `text`: term counts (or 1 when binary, or 1 + ln(count) when sublinear) times
    /// idf, then normalised; terms outside the vocabulary are ignored.
    public func transform(_ text: String) -> SparseVector {
        var features: [Int32] = []
        analyzer.forEachTerm(in: text) { term in
            if let id = termIndex.id(of: term) { features.append(Int32(truncatingIfNeeded: id)) }
        }
        features.sort()
        var vector = SparseVector()
        vector.indices.reserveCapacity(features.count)
        vector.values.reserveCapacity(features.count)
        var position = 0
        while position < features.count {
            let feature = features[position]
            var count = 0
            while position < features.count && features[position] == feature {
                count += 1
                position += 1
            }
            vector.indices.append(feature)
            vector.values.append(weight(count: count, feature: Int(feature)))
        }
        normalize(&vector.values)
        return vector
    }

    /// The vectors of many texts.
    public func transform(_ texts: [String]) -> [SparseVector] { texts.map(transform) }

    private func weight(count: Int, feature: Int) -> Double {
        var tf = settings.binary ? 1 : Double(count)
        if settings.sublinearTf { tf = log(tf) + 1 }
        if let idf { tf *= idf[feature] }
        return tf
    }

    private func normalize(_ values: inout [Double]) {
        guard let norm = settings.norm else { return }
        var total = 0.0
        switch norm {
        case .l2:
            for value in values { total += value * value }
            total = total.squareRoot()
        case .l1:
            for value in values { total += abs(value) }
        }
        guard total > 0 else { return }
        for position in values.indices { values[position] /= total }
    }
}

/// A vectorizer description that cannot be used, naming the field at fault.
public struct InvalidVectorizer: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path inside the vectorizer, for example `idf[3]`.
    public var field: String
    /// What is wrong.
    public var reason: String

    /// Creates the error for `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
