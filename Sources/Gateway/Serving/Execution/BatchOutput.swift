import Registry

/// A batch's answers, one for each of its jobs, computed in one pass of the model and checked for count and
/// finiteness.
enum BatchOutput {
    /// Each job's answer by `model`, in order: ratings alone through ``TextModel/predict(batch:)`` when no job wants
    /// embeddings; otherwise every input embedded as one batch (``EmbeddingOutputModel/embed(tokenized:)``) and the
    /// ratings of the jobs that want them read from their embeddings, so that a job of embeddings alone never pays
    /// for the head. Nil for a job whose answer does not hold what it must (a model's fault).
    static func answers(for jobs: [Job], by model: any TextModel) -> [RatedTexts?] {
        guard jobs.contains(where: \.wantsEmbeddings) else { return ratings(for: jobs, by: model) }
        guard let embedder = model as? any EmbeddingOutputModel else { return jobs.map { _ in nil } }
        var inputs: [[Int32]] = []
        for job in jobs {
            switch job.content {
            case .texts(let texts): inputs += texts.map { embedder.tokenIDs(.text($0)) }
            case .tokenized(let tokenized): inputs += tokenized
            }
        }
        let embeddings = embedder.embed(tokenized: inputs)
        let dimension = embedder.embeddingDimension
        guard embeddings.count == inputs.count * dimension else { return jobs.map { _ in nil } }
        var start = 0
        return jobs.map { job in
            let rows = start..<start + job.count
            start = rows.upperBound
            let values = embeddings[rows.lowerBound * dimension..<rows.upperBound * dimension]
            guard values.allSatisfy(\.isFinite) else { return nil }
            // Only the jobs that asked for embeddings get a copy of their rows.
            guard job.wantsRatings else { return RatedTexts(ratings: [], embeddings: Array(values)) }
            let ratings = rows.map { row in embedder.rating(ofEmbedding: embeddings[row * dimension..<(row + 1) * dimension]) }
            guard ratings.allSatisfy(\.isFinite) else { return nil }
            return RatedTexts(ratings: ratings, embeddings: job.wantsEmbeddings ? Array(values) : nil)
        }
    }

    /// Each job's ratings by ``TextModel/predict(batch:)``, all its texts rated as one batch.
    private static func ratings(for jobs: [Job], by model: any TextModel) -> [RatedTexts?] {
        let texts = jobs.flatMap { job -> [String] in
            if case .texts(let texts) = job.content { return texts }
            return []
        }
        let ratings = model.predict(batch: texts)
        guard ratings.count == texts.count else { return jobs.map { _ in nil } }
        var start = 0
        return jobs.map { job in
            let slice = Array(ratings[start..<start + job.count])
            start += job.count
            return slice.allSatisfy(\.isFinite) ? RatedTexts(ratings: slice) : nil
        }
    }
}
