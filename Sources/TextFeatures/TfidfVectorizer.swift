import Foundation

/// A fitted TF-IDF vectorizer with scikit-learn's `TfidfVectorizer` semantics: the same terms, the same
/// vocabulary order and the same weights.
///
/// Immutable once built; `transform` is safe to call from any number of threads at once.
public struct TfidfVectorizer: Sendable {
    /// How terms are made and weighted.
    public let settings: TfidfSettings
    /// `vocabulary[i]` is the term of feature `i`; made from the lookup table on each call (the table alone is
    /// kept in memory).
    public var vocabulary: [String] { (0..<terms.count).map(terms.term) }
    /// `idf[i]` is the inverse document frequency of feature `i`; nil when `useIdf` is off. Made from the lookup
    /// table on each call, which keeps each weight beside its term.
    public var idf: [Double]? { settings.useIdf ? (0..<terms.count).map(terms.weight) : nil }
    let analyzer: TermAnalyzer
    let terms: TermTable

    /// A vectorizer over `vocabulary` with the given `idf` weights.
    ///
    /// Throws ``InvalidVectorizer`` when a term repeats or `idf` does not fit the vocabulary.
    public init(settings: TfidfSettings, vocabulary: [String], idf: [Double]?) throws(InvalidVectorizer) {
        if settings.useIdf {
            guard let idf else { throw InvalidVectorizer(field: "idf", reason: "is missing while useIdf is true") }
            guard idf.count == vocabulary.count else {
                throw InvalidVectorizer(field: "idf", reason: "has \(idf.count) values; expected \(vocabulary.count) (one per vocabulary term)")
            }
            if let bad = idf.firstIndex(where: { !$0.isFinite }) {
                throw InvalidVectorizer(field: "idf[\(bad)]", reason: "is \(idf[bad]); every value must be a finite number")
            }
        }
        do {
            terms = try TermTable(vocabulary, weights: settings.useIdf ? idf : nil)
        } catch {
            throw InvalidVectorizer(
                field: "vocabulary[\(error.position)]",
                reason: "repeats the term \"\(vocabulary[error.position])\" of vocabulary[\(error.original)]"
            )
        }
        self.settings = settings
        self.analyzer = TermAnalyzer(settings: settings)
    }

    /// Number of features.
    public var featureCount: Int { terms.count }

    /// Every term of `text` under `settings`, as scikit-learn's `build_analyzer()(text)` returns them.
    public static func terms(of text: String, settings: TfidfSettings) -> [String] {
        var terms: [String] = []
        TermAnalyzer(settings: settings).forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// The TF-IDF vector of `text`: term counts (or 1 when binary, or 1 + ln(count) when sublinear) times
    /// idf, then normalised; terms outside the vocabulary are ignored.
    public func transform(_ text: String) -> SparseVector { withFeatures(of: text, SparseVector.init) }

    /// The vectors of many texts.
    public func transform(_ texts: [String]) -> [SparseVector] { texts.map(transform) }

    /// Runs `body` with the TF-IDF features of `text`, as ``transform(_:)`` computes them, lent from this
    /// thread's scratch memory: the prediction path, which allocates nothing once the scratch has grown.
    public func withFeatures<Result>(of text: String, _ body: (SparseFeatures) throws -> Result) rethrows -> Result {
        try AnalysisScratch.withCurrent { scratch in
            analyzer.normalize(text, path: .fastWhereCovered, into: scratch)
            return try featuresOfNormalized(scratch: scratch, body)
        }
    }

    /// Runs `body` with the TF-IDF features of the valid UTF-8 `text`, as ``withFeatures(of:_:)`` computes them for
    /// the same text as a `String`: the batch path, which reads texts in place from the input's blocks.
    public func withFeatures<Result>(ofUTF8 text: UnsafeBufferPointer<UInt8>, _ body: (SparseFeatures) throws -> Result) rethrows -> Result {
        try AnalysisScratch.withCurrent { scratch in
            analyzer.normalize(utf8: text, into: scratch)
            return try featuresOfNormalized(scratch: scratch, body)
        }
    }

    /// The features of the document normalised in `scratch`, lent to `body`.
    @inline(__always)
    private func featuresOfNormalized<Result>(
        scratch: UnsafeMutablePointer<AnalysisScratch>,
        _ body: (SparseFeatures) throws -> Result
    ) rethrows -> Result {
        let found = findFeatures(scratch: scratch)
        scratch.pointee.features.count = found
        // Room for the mark past the last record below.
        scratch.pointee.features.reserve(found + 1)
        scratch.pointee.weights.count = 0
        scratch.pointee.weights.reserve(found)
        let records = scratch.pointee.features.base
        let weights = scratch.pointee.weights.base
        scratch.pointee.sortSpare.reserve(found)
        // Records lie in id order: sorting where they lie sorts the ids.
        FeatureIdSort.sort(UnsafeMutableBufferPointer(start: records, count: found), spare: scratch.pointee.sortSpare.base)
        let lookup = terms.lookup
        // Runs of one record become one entry, its id written over the front of the buffer. No record is
        // -1, so that mark ends the last run without a bounds test.
        records[found] = -1
        var distinct = 0
        var position = 0
        while position < found {
            let record = records[position]
            var end = position &+ 1
            while records[end] == record { end &+= 1 }
            records[distinct] = lookup.id(atRecord: record)
            weights[distinct] = weight(count: end &- position, idf: lookup.weight(atRecord: record))
            distinct &+= 1
            position = end
        }
        let values = UnsafeMutableBufferPointer(start: weights, count: distinct)
        normalize(values)
        return try body(
            SparseFeatures(indices: UnsafeBufferPointer(start: records, count: distinct), values: UnsafeBufferPointer(values))
        )
    }

    /// Writes where the record of every term of the normalised document found in the vocabulary lies to `scratch.features`;
    /// returns how many. The buffer is looked up again only when it must grow.
    ///
    /// Lookups run in batches: each term's slot is read as the term is found, and the batch's records are
    /// compared once ``AnalysisScratch/lookupBatch`` terms are waiting, or at the end. The reads of a batch
    /// do not wait on each other, so that the core keeps many in flight, where finishing one lookup after
    /// starting the next (the pipeline this replaced) overlapped two. A batch, not the whole text, so that a
    /// long text takes no more memory. The fastest data-set pass went 3-5 % faster with `lr` (0.637 to
    /// 0.605 ms) and 10 % with `tr` (about 290 terms a joke; 18.8 to 16.9 ms; `scripts/vectorize-ab.sh`).
    @inline(__always)
    private func findFeatures(scratch: UnsafeMutablePointer<AnalysisScratch>) -> Int {
        let terms = self.terms.lookup  // a plain value: no retain per term
        var records = FoundRecords(scratch: scratch)
        let started = scratch.pointee.startedLookups
        var startedCount = 0
        analyzer.forEachTermOfNormalized(scratch: scratch) { term in
            guard let lookup = terms.startLookup(ofPadded: term) else {
                records.reserve(1)
                return records.keep(terms.record(ofPadded: term))
            }
            (started + startedCount).initialize(to: lookup)
            startedCount &+= 1
            if startedCount == AnalysisScratch.lookupBatch { records.finish(started, count: &startedCount, in: terms) }
        }
        records.finish(started, count: &startedCount, in: terms)
        return records.count
    }

    @inline(__always)
    private func weight(count: Int, idf: Double) -> Double {
        var tf = settings.binary ? 1 : Double(count)
        if settings.sublinearTf { tf = log(tf) + 1 }
        if settings.useIdf { tf *= idf }
        return tf
    }

    private func normalize(_ values: UnsafeMutableBufferPointer<Double>) {
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

/// The records of the terms found so far, in the scratch space's `features`, grown as they come.
private struct FoundRecords {
    private let scratch: UnsafeMutablePointer<AnalysisScratch>
    private var base: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// How many terms were found.
    private(set) var count = 0

    init(scratch: UnsafeMutablePointer<AnalysisScratch>) {
        self.scratch = scratch
        (base, capacity) = (scratch.pointee.features.base, scratch.pointee.features.capacity)
    }

    /// Makes room for `more` records past those found; looks the buffer up again only when it grows.
    @inline(__always)
    mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        scratch.pointee.features.count = count
        scratch.pointee.features.reserve(count + more)
        (base, capacity) = (scratch.pointee.features.base, scratch.pointee.features.capacity)
    }

    /// Writes `record` whether it is one or -1, and counts it only when it is one: no branch on the answer.
    /// Room must have been reserved.
    @inline(__always)
    mutating func keep(_ record: Int32) {
        base[count] = record
        count &+= record >= 0 ? 1 : 0
    }

    /// Finishes the first `count` lookups of `started` and keeps their records; sets `count` to 0.
    @inline(__always)
    mutating func finish(_ started: UnsafeMutablePointer<TermTable.Lookup.PendingLookup>, count: inout Int, in terms: TermTable.Lookup) {
        reserve(count)
        for index in 0..<count { keep(terms.finishLookup(started[index])) }
        count = 0
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
