/// A model that rates a text from an embedding of it and gives the embedding too, for uses of its own (search,
/// clustering): the Open Inference Protocol's output `embedding`, computed in the same pass as the ratings.
public protocol EmbeddingOutputModel: TextModel {
    /// The values of one embedding.
    var embeddingDimension: Int { get }

    /// The ratings of `texts`, as ``TextModel/predict(batch:)`` gives them, and their embeddings: one row of
    /// ``embeddingDimension`` values per text, in the order of the texts, each of unit length.
    func predictAndEmbed(batch texts: [String]) -> (ratings: [Double], embeddings: [Float])
}
