import Registry

/// A batch's ratings, and its embeddings when `embedder` gives them, checked for count and finiteness.
struct BatchOutput {
    let ratings: [Double]
    let embeddings: [Float]?
    let dimension: Int

    /// Rates `texts` with `model`, or with `embedder` (the same model) to have their embeddings too; nil when the
    /// model's answer does not hold what it must.
    init?(texts: [String], by model: any TextModel, embedder: (any EmbeddingOutputModel)?) {
        if let embedder {
            (ratings, embeddings) = embedder.predictAndEmbed(batch: texts)
            dimension = embedder.embeddingDimension
        } else {
            ratings = model.predict(batch: texts)
            embeddings = nil
            dimension = 0
        }
        guard ratings.count == texts.count else { return nil }
        if let embeddings, embeddings.count != texts.count * dimension { return nil }
    }

    /// The ratings of the texts in `range`, with their embeddings when `embeddings` is set; nil when the model
    /// gave none, or a value of them is not a number.
    func slice(_ range: Range<Int>, embeddings wanted: Bool) -> RatedTexts? {
        let ratings = Array(ratings[range])
        guard ratings.allSatisfy(\.isFinite) else { return nil }
        guard wanted else { return RatedTexts(ratings: ratings) }
        guard let embeddings else { return nil }
        let rows = Array(embeddings[range.lowerBound * dimension..<range.upperBound * dimension])
        return rows.allSatisfy(\.isFinite) ? RatedTexts(ratings: ratings, embeddings: rows) : nil
    }
}
