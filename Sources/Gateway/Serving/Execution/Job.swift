import Registry
import Synchronization

/// What a batch gives one request: its ratings, when it asked for them, and its embeddings, when it asked for them.
package struct RatedTexts: Sendable, Equatable {
    /// The ratings, in the order of the texts; empty for a request of embeddings alone.
    package var ratings: [Double]
    /// One row of the model's ``EmbeddingOutputModel/embeddingDimension`` values per text, or nil when not asked.
    package var embeddings: [Float]?

    /// `ratings`, with `embeddings` when they were asked for.
    package init(ratings: [Double], embeddings: [Float]? = nil) {
        self.ratings = ratings
        self.embeddings = embeddings
    }
}

/// One request's texts, and its answer once it has one: the first answer given (ratings, refusal, timeout) is
/// the one the request gets, whether it comes before the request waits for it or after.
final class Job: Sendable {
    typealias Answer = Result<RatedTexts, ExecutionError>

    /// What a request hands a model.
    enum Content: Sendable {
        /// Texts to rate (and to embed too, when the job wants embeddings).
        case texts([String])
        /// Inputs to embed alone, as the model's token ids (``EmbeddingOutputModel/tokenIDs(_:)``): no rating.
        case tokenized([[Int32]])
    }

    let content: Content
    /// The tokens the model reads the texts as (0 for a model that does not count them).
    let tokens: Int
    /// Whether the request wants its texts' embeddings (beside their ratings, for texts).
    let wantsEmbeddings: Bool
    /// When it was made, just before it was queued.
    let queued = ContinuousClock.now
    private let state = Mutex<State>(.init())

    private struct State {
        var continuation: CheckedContinuation<Answer, Never>?
        var answer: Answer?
    }

    /// Texts to rate, and to embed when `wantsEmbeddings`.
    convenience init(texts: [String], tokens: Int = 0, wantsEmbeddings: Bool = false) {
        self.init(content: .texts(texts), tokens: tokens, wantsEmbeddings: wantsEmbeddings)
    }

    /// `content`, counting `tokens` against a batch's budget.
    init(content: Content, tokens: Int, wantsEmbeddings: Bool) {
        self.content = content
        self.tokens = tokens
        if case .tokenized = content { self.wantsEmbeddings = true } else { self.wantsEmbeddings = wantsEmbeddings }
    }

    /// Texts (or inputs) the job counts in a batch.
    var count: Int {
        switch content {
        case .texts(let texts): texts.count
        case .tokenized(let inputs): inputs.count
        }
    }

    /// Whether the job wants ratings: a job of texts does.
    var wantsRatings: Bool { if case .texts = content { true } else { false } }

    /// Whether an answer has been given.
    var isFinished: Bool { state.withLock { $0.answer != nil } }

    /// Hands the answer to `continuation`: now if there is one, else when it is given.
    func wait(_ continuation: CheckedContinuation<Answer, Never>) {
        let answer = state.withLock { state -> Answer? in
            if state.answer == nil { state.continuation = continuation }
            return state.answer
        }
        if let answer { continuation.resume(returning: answer) }
    }

    /// Gives `answer`, unless one was given before; says whether it was the one given.
    @discardableResult
    func finish(_ answer: Answer) -> Bool {
        let (given, continuation) = state.withLock { state -> (Bool, CheckedContinuation<Answer, Never>?) in
            guard state.answer == nil else { return (false, nil) }
            state.answer = answer
            defer { state.continuation = nil }
            return (true, state.continuation)
        }
        continuation?.resume(returning: answer)
        return given
    }
}
