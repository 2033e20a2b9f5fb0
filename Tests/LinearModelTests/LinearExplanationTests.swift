import LinearModel
import Registry
import Testing
import TextFeatures

/// A linear model's explanation: each term's weight times its TF-IDF value, from the intercept.
@Suite struct LinearExplanationTests {
    private let model = try! LinearRegressor(
        vectorizer: TfidfVectorizer(settings: TfidfSettings(), vocabulary: ["cat", "dog", "fish"], idf: [1, 2, 1.5]),
        estimator: LinearEstimator(coef: [0.5, -1, 0.25], intercept: 2)
    )

    @Test func termsContributeTheirWeightTimesTheirValueLargestFirst() {
        let explanation = model.explain("Cat, dog and a CAT")
        #expect(explanation.method == .linear)
        #expect(explanation.base == 2)
        #expect(explanation.rating == model.predict("Cat, dog and a CAT"))
        // tf-idf: cat 2·1, dog 1·2, normalised by √8.
        let norm = 8.0.squareRoot()
        #expect(
            explanation.contributions == [
                TermContribution(term: "dog", value: 2 / norm, weight: -1, contribution: -2 / norm, spans: [5..<8]),
                TermContribution(term: "cat", value: 2 / norm, weight: 0.5, contribution: 1 / norm, spans: [0..<3, 15..<18]),
            ]
        )
        #expect(abs(explanation.base + explanation.contributions.map(\.contribution).reduce(0, +) - explanation.rating) < 1e-12)
    }

    @Test func aTextWithoutVocabularyTermsIsTheInterceptAlone() {
        let explanation = model.explain("nothing known here")
        #expect(explanation.contributions.isEmpty)
        #expect(explanation.rating == 2 && explanation.base == 2)
    }
}
