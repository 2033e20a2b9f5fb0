/// A model that rates a text from an embedding of it and gives the embedding too, for uses of its own (search,
/// clustering): the Open Inference Protocol's output `embedding`, computed in the same pass as the ratings, and the
/// embedding APIs (OpenAI's, text-embeddings-inference's), which ask for embeddings alone.
public protocol EmbeddingOutputModel: TokenizedModel {
    /// The values of one embedding.
    var embeddingDimension: Int { get }

    /// The texts the model may read before a text, by name (sentence-transformers' `prompts`: multilingual-e5's
    /// `query` and `passage`).
    var prompts: [String: String] { get }

    /// The name of the prompt read before a text that names none, one of ``prompts``; nil reads the text alone.
    var defaultPrompt: String? { get }

    /// The pieces of the model's vocabulary: a token id is one of `0..<vocabularySize`.
    var vocabularySize: Int { get }

    /// The token ids the model reads `input` as, unwindowed and without the encoder's own start and end tokens: a
    /// text's with its prompt's before them, token ids as they are.
    func tokenIDs(_ input: EmbeddingInput) -> [Int32]

    /// The tokens of `text` after the prompt named `prompt` (the default one when nil), each with the bytes of
    /// the prompt and text that it reads; the start and end tokens around them when `specials` is set.
    func tokens(of text: String, prompt: String?, specials: Bool) -> [ModelToken]

    /// The embeddings of inputs given as the token ids ``tokenIDs(_:)`` reads them as, one row of
    /// ``embeddingDimension`` values per input in their order, each of unit length: a text and its token ids have the
    /// same embedding, to the bit.
    func embed(tokenized inputs: [[Int32]]) -> [Float]

    /// The rating of a text whose embedding is `embedding` (one row of ``embed(tokenized:)``): as
    /// ``TextModel/predict(batch:)`` rates the text.
    func rating(ofEmbedding embedding: ArraySlice<Float>) -> Double
}

extension EmbeddingOutputModel {
    /// The ratings of `texts`, as ``TextModel/predict(batch:)`` gives them, and their embeddings, in one pass: one row
    /// of ``embeddingDimension`` values per text, in the order of the texts.
    public func predictAndEmbed(batch texts: [String]) -> (ratings: [Double], embeddings: [Float]) {
        let embeddings = embed(tokenized: texts.map { tokenIDs(.text($0)) })
        let dimension = embeddingDimension
        let ratings = texts.indices.map { rating(ofEmbedding: embeddings[$0 * dimension..<($0 + 1) * dimension]) }
        return (ratings, embeddings)
    }
}

/// What an embedding model is asked to embed.
public enum EmbeddingInput: Sendable, Equatable {
    /// A text, read after the prompt of that name (one of ``EmbeddingOutputModel/prompts``), or after the model's
    /// default prompt when nil.
    case text(String, prompt: String? = nil)
    /// Token ids of the model's own vocabulary, read as they are: no prompt is added, and the encoder's start and
    /// end tokens, when they stand first and last (as ``EmbeddingOutputModel/tokens(of:prompt:specials:)`` gives
    /// them), are dropped, since it adds them itself.
    case tokenIDs([Int32])
}

/// One token of a text, as an embedding model reads it.
public struct ModelToken: Sendable, Equatable {
    /// Its id in the model's vocabulary.
    public var id: Int32
    /// Its piece of the vocabulary, for a special token (`<s>`); the bytes of the prompt and text it reads
    /// otherwise.
    public var text: String
    /// Whether it is one of the encoder's own tokens rather than a piece of the text.
    public var special: Bool
    /// The UTF-8 bytes of the prompt and text it reads (the prompt's first byte is 0); nil for a special token.
    public var bytes: Range<Int>?

    /// A token `id` reading `text` at `bytes`.
    public init(id: Int32, text: String, special: Bool, bytes: Range<Int>?) {
        self.id = id
        self.text = text
        self.special = special
        self.bytes = bytes
    }
}
