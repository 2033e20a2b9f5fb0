/// How a ``TfidfVectorizer`` turns text into features: scikit-learn's `TfidfVectorizer` parameters that
/// shape terms and weights, with its defaults.
public struct TfidfSettings: Sendable, Equatable, Hashable {
    /// What a term is made of.
    public enum Analyzer: String, Sendable, CaseIterable, Codable {
        /// Word n-grams of tokens matched by the token pattern.
        case word
        /// Character n-grams over the whole text, whitespace runs collapsed to one space.
        case char
        /// Character n-grams inside words padded with one space on each side.
        case charWB = "char_wb"
    }

    /// How each document vector is scaled.
    public enum Norm: String, Sendable, CaseIterable, Codable {
        /// Unit sum of absolute values.
        case l1
        /// Unit Euclidean length.
        case l2
    }

    /// How accents are removed after lower-casing (scikit-learn's `strip_accents`).
    public enum StripAccents: String, Sendable, CaseIterable, Codable {
        /// NFKD, then drop every combining mark (`strip_accents_unicode`).
        case unicode
        /// NFKD, then drop everything outside ASCII (`strip_accents_ascii`).
        case ascii
    }

    /// scikit-learn's default `token_pattern`, the only one this build implements.
    public static let defaultTokenPattern = #"(?u)\b\w\w+\b"#

    /// Word or character n-grams.
    public var analyzer: Analyzer
    /// Lower-case the text as Python's `str.lower()` does before analysis.
    public var lowercase: Bool
    /// Remove accents after lower-casing, or nil to keep them.
    public var stripAccents: StripAccents?
    /// The word tokenizer's pattern; only ``defaultTokenPattern`` is supported.
    public var tokenPattern: String
    /// The smallest and largest n of the n-grams.
    public var ngramRange: ClosedRange<Int>
    /// Tokens dropped before word n-grams are formed (word analyzer only).
    public var stopWords: [String]
    /// Row normalisation, or nil for none.
    public var norm: Norm?
    /// Weight counts by inverse document frequency.
    public var useIdf: Bool
    /// Add one to document frequencies and to the document count, as if one document held every term.
    public var smoothIdf: Bool
    /// Use `1 + ln(tf)` instead of the raw count.
    public var sublinearTf: Bool
    /// Count each present term once.
    public var binary: Bool

    /// Creates settings; every argument defaults to scikit-learn's default.
    public init(
        analyzer: Analyzer = .word,
        lowercase: Bool = true,
        stripAccents: StripAccents? = nil,
        tokenPattern: String = Self.defaultTokenPattern,
        ngramRange: ClosedRange<Int> = 1...1,
        stopWords: [String] = [],
        norm: Norm? = .l2,
        useIdf: Bool = true,
        smoothIdf: Bool = true,
        sublinearTf: Bool = false,
        binary: Bool = false
    ) {
        self.analyzer = analyzer
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.tokenPattern = tokenPattern
        self.ngramRange = ngramRange
        self.stopWords = stopWords
        self.norm = norm
        self.useIdf = useIdf
        self.smoothIdf = smoothIdf
        self.sublinearTf = sublinearTf
        self.binary = binary
    }
}
