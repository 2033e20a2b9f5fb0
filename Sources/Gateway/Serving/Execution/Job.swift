import Registry
import Synchronization

/// What a batch gives one request: its ratings, and its texts' embeddings when it asked for them.
package struct RatedTexts: Sendable, Equatable {
    /// The ratings, in the order of the texts.
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

    let texts: [String]
    /// The tokens the model reads the texts as (0 for a model that does not count them).
    let tokens: Int
    /// Whether the request wants its texts' embeddings beside their ratings.
    let wantsEmbeddings: Bool
    /// When it was made, just before it was queued.
    let queued = ContinuousClock.now
    private let state = Mutex<State>(.init())

    private struct State {
        var continuation: CheckedContinuation<Answer, Never>?
        var answer: Answer?
    }

    init(texts: [String], tokens: Int = 0, wantsEmbeddings: Bool = false) {
        self.texts = texts
        self.tokens = tokens
        self.wantsEmbeddings = wantsEmbeddings
    }

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
