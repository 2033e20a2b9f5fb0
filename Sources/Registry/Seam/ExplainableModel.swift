/// A model that can say why it gave a rating: how much each term of the text moved it from a base value.
public protocol ExplainableModel: TextModel {
    /// Why `text` gets its rating. For the kinds whose explanations are exact (linear weights, a tree's path),
    /// `base` plus the sum of the contributions is the rating.
    func explain(_ text: String) -> Explanation
}

/// Why a text got its rating.
public struct Explanation: Sendable, Equatable {
    /// How the contributions were found.
    public enum Method: String, Sendable, Codable {
        /// Each term's weight times its value in the text (linear models; what eli5 shows).
        case linear
        /// Each split of the tree's decision path credits the change of node value to its term (Saabas).
        case saabas
        /// Each word's contribution is how much the rating drops when its occurrences are left out; the base is the
        /// rating with every word left out, and the contributions need not add up to the rating.
        case occlusion
    }

    /// How the contributions were found.
    public var method: Method
    /// The rating of the text.
    public var rating: Double
    /// Where the contributions start from: the intercept, or the tree root's value.
    public var base: Double
    /// The terms that moved the rating, largest first (by magnitude).
    public var contributions: [TermContribution]
    /// The splits the text went through, root first, for a tree; nil otherwise.
    public var path: [DecisionStep]?

    /// An explanation of `rating` from `base`.
    public init(method: Method, rating: Double, base: Double, contributions: [TermContribution], path: [DecisionStep]? = nil) {
        self.method = method
        self.rating = rating
        self.base = base
        self.contributions = contributions
        self.path = path
    }
}

/// How much one term moved a rating, and where it is in the text.
public struct TermContribution: Sendable, Equatable {
    /// The term (a word, an n-gram, or a character n-gram), as the model's vectorizer makes it.
    public var term: String
    /// The term's feature value in the text (its TF-IDF value; 0 for a term the text does not hold); for occlusion,
    /// how many times the word occurs.
    public var value: Double
    /// The model's weight of the term, for a linear model; nil otherwise.
    public var weight: Double?
    /// How much it moved the rating.
    public var contribution: Double
    /// Each occurrence's place in the text, in Unicode scalars of the text as submitted.
    public var spans: [Range<Int>]

    /// `term`'s `contribution`, from its `value` (and `weight`), found at `spans`.
    public init(term: String, value: Double, weight: Double? = nil, contribution: Double, spans: [Range<Int>]) {
        self.term = term
        self.value = value
        self.weight = weight
        self.contribution = contribution
        self.spans = spans
    }
}

/// One split of a tree's decision path.
public struct DecisionStep: Sendable, Equatable {
    /// Which way the text went.
    public enum Branch: String, Sendable, Codable {
        /// Its value was at most the threshold.
        case left
        /// Its value was above the threshold.
        case right
    }

    /// The node's index in the tree.
    public var node: Int
    /// The term the split tests.
    public var term: String
    /// The split's threshold.
    public var threshold: Double
    /// The term's value in the text.
    public var value: Double
    /// The branch taken.
    public var branch: Branch
    /// The node's value (the mean rating of its training samples), before the split.
    public var nodeValue: Double

    /// The split at `node` on `term`, which the text's `value` sent down `branch`.
    public init(node: Int, term: String, threshold: Double, value: Double, branch: Branch, nodeValue: Double) {
        self.node = node
        self.term = term
        self.threshold = threshold
        self.value = value
        self.branch = branch
        self.nodeValue = nodeValue
    }
}

extension Array where Element == TermContribution {
    /// Largest contribution first by magnitude; ties by term.
    public func sortedByMagnitude() -> [TermContribution] {
        sorted { abs($0.contribution) != abs($1.contribution) ? abs($0.contribution) > abs($1.contribution) : $0.term < $1.term }
    }
}
