import Registry
import TextFeatures

extension TreeRegressor {
    /// Why `text` gets its rating: the decision path from the root to the leaf, and each split's change of node
    /// value credited to the term it tests (Saabas), so that the root's value plus the contributions is the leaf's.
    public func explain(_ text: String) -> Explanation {
        let vector = vectorizer.transform(text)
        let spans = vectorizer.spans(in: text)
        var path: [DecisionStep] = []
        var credited: [Int: Double] = [:]
        var order: [Int] = []
        var node = 0
        while tree.childrenLeft[node] != RegressionTree.leaf {
            let feature = tree.feature[node]
            let value = vector.value(at: feature)
            // Compared as float32, as scikit-learn and ``RegressionTree/predict(_:)`` compare.
            let goesLeft = Double(Float(value)) <= tree.threshold[node]
            let child = goesLeft ? tree.childrenLeft[node] : tree.childrenRight[node]
            path.append(
                DecisionStep(
                    node: node,
                    term: vectorizer.term(of: feature),
                    threshold: tree.threshold[node],
                    value: value,
                    branch: goesLeft ? .left : .right,
                    nodeValue: tree.value[node]
                )
            )
            if credited[feature] == nil { order.append(feature) }
            credited[feature, default: 0] += tree.value[child] - tree.value[node]
            node = child
        }
        let contributions = order.map { feature in
            TermContribution(
                term: vectorizer.term(of: feature),
                value: vector.value(at: feature),
                contribution: credited[feature]!,
                spans: spans[feature] ?? []
            )
        }
        return Explanation(
            method: .saabas,
            rating: tree.value[node],
            base: tree.value[0],
            contributions: contributions.sortedByMagnitude(),
            path: path
        )
    }
}
