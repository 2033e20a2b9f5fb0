import Registry
import Testing
import TextFeatures
import TreeModel

/// A tree's explanation: its decision path, and each split's change of node value credited to its term (Saabas).
@Suite struct TreeExplanationTests {
    // Root splits on "cat" (feature 0); its right child on "dog" (feature 1); then on "cat" again.
    private let model = TreeRegressor(
        vectorizer: try! TfidfVectorizer(settings: TfidfSettings(norm: nil, useIdf: false), vocabulary: ["cat", "dog"], idf: nil),
        tree: try! RegressionTree(
            childrenLeft: [1, -1, 3, -1, 5, -1, -1],
            childrenRight: [2, -1, 4, -1, 6, -1, -1],
            feature: [0, -2, 1, -2, 0, -2, -2],
            threshold: [0.5, -2, 0.5, -2, 1.5, -2, -2],
            value: [2.0, 1.0, 3.0, 2.5, 3.5, 3.25, 4.0],
            featureCount: 2
        )
    )

    @Test func thePathAndTheContributionsAddUpToTheLeaf() {
        let explanation = model.explain("cat dog")
        #expect(explanation.method == .saabas)
        #expect(explanation.base == 2)
        #expect(explanation.rating == model.predict("cat dog"))
        #expect(explanation.rating == 3.25)
        #expect(
            explanation.path == [
                DecisionStep(node: 0, term: "cat", threshold: 0.5, value: 1, branch: .right, nodeValue: 2),
                DecisionStep(node: 2, term: "dog", threshold: 0.5, value: 1, branch: .right, nodeValue: 3),
                DecisionStep(node: 4, term: "cat", threshold: 1.5, value: 1, branch: .left, nodeValue: 3.5),
            ]
        )
        // cat: +1 (root → node 2), then −0.25 (node 4 → leaf 5); dog: +0.5.
        #expect(
            explanation.contributions == [
                TermContribution(term: "cat", value: 1, contribution: 0.75, spans: [0..<3]),
                TermContribution(term: "dog", value: 1, contribution: 0.5, spans: [4..<7]),
            ]
        )
    }

    @Test func aTermTheTextLacksStillGetsItsSplitsChangeWithoutSpans() {
        let explanation = model.explain("a fish")
        #expect(explanation.rating == 1)
        #expect(explanation.contributions == [TermContribution(term: "cat", value: 0, contribution: -1, spans: [])])
        #expect(explanation.path?.map(\.branch) == [.left])
    }
}
