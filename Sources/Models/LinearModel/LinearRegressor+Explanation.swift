import Registry
import TextFeatures

extension LinearRegressor {
    /// Why `text` gets its rating: each feature the text holds contributes its weight times its TF-IDF value, from
    /// the intercept; the rating is ``predict(_:)``'s.
    public func explain(_ text: String) -> Explanation {
        let vector = vectorizer.transform(text)
        let spans = vectorizer.spans(in: text)
        let contributions = zip(vector.indices, vector.values).map { index, value in
            let feature = Int(index)
            let weight = estimator.coef[feature]
            return TermContribution(
                term: vectorizer.term(of: feature),
                value: value,
                weight: weight,
                contribution: weight * value,
                spans: spans[feature] ?? []
            )
        }
        return Explanation(method: .linear, rating: predict(text), base: estimator.intercept, contributions: contributions.sortedByMagnitude())
    }
}
