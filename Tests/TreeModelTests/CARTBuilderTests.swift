import Testing
import TextFeatures
import TreeModel

/// Trees pinned from scikit-learn 1.9.1's `DecisionTreeRegressor` on the same data (the same for random_state 0–4:
/// the data has no tied splits, where scikit-learn's random feature order could choose otherwise).
@Suite struct CARTBuilderTests {
    let rows = [[0, 0.3], [0, 0], [1, 0], [2, 0.5], [0, 0.1], [3, 0.5]].map { row in
        SparseVector(indices: row.indices.filter { row[$0] != 0 }.map { Int32($0) }, values: row.filter { $0 != 0 })
    }
    let targets = [1.0, 1, 5, 6, 2, 7]

    @Test func unlimitedTreeMatchesScikitLearn() throws {
        let tree = try CARTBuilder().fit(rows: rows, targets: targets, featureCount: 2)
        #expect(tree.childrenLeft == [1, 2, -1, 4, -1, -1, 7, -1, 9, -1, -1])
        #expect(tree.childrenRight == [6, 3, -1, 5, -1, -1, 8, -1, 10, -1, -1])
        #expect(tree.feature == [0, 1, -2, 1, -2, -2, 0, -2, 0, -2, -2])
        #expect(tree.threshold == [0.5, 0.05000000074505806, -2.0, 0.20000000670552254, -2.0, -2.0, 1.5, -2.0, 2.5, -2.0, -2.0])
        #expect(tree.value == [3.6666666666666665, 1.3333333333333333, 1.0, 1.5, 2.0, 1.0, 6.0, 5.0, 6.5, 6.0, 7.0])
        for (row, target) in zip(rows, targets) { #expect(tree.predict(row) == target) }
    }

    @Test func maxDepthAndMinSamplesLeafStopGrowth() throws {
        for builder in [CARTBuilder(maxDepth: 1), CARTBuilder(minSamplesLeaf: 3)] {
            let tree = try builder.fit(rows: rows, targets: targets, featureCount: 2)
            #expect(tree.childrenLeft == [1, -1, -1])
            #expect(tree.childrenRight == [2, -1, -1])
            #expect(tree.feature == [0, -2, -2])
            #expect(tree.threshold == [0.5, -2, -2])
            #expect(tree.value == [3.6666666666666665, 1.3333333333333333, 6.0])
        }
    }

    @Test func minSamplesSplitMakesSmallNodesLeaves() throws {
        let tree = try CARTBuilder(minSamplesSplit: 7).fit(rows: rows, targets: targets, featureCount: 2)
        #expect(tree.nodeCount == 1)
        #expect(tree.value == [3.6666666666666665])
    }

    @Test func pureNodesAreNotSplit() throws {
        let tree = try CARTBuilder().fit(rows: rows, targets: [2, 2, 2, 2, 2, 2], featureCount: 2)
        #expect(tree.nodeCount == 1)
    }

    @Test func negativeValuesSortBeforeTheZeros() throws {
        let rows = [SparseVector(indices: [0], values: [-1]), SparseVector(), SparseVector(indices: [0], values: [2])]
        let tree = try CARTBuilder(maxDepth: 1).fit(rows: rows, targets: [0, 10, 10], featureCount: 1)
        #expect(tree.threshold[0] == -0.5)
        #expect(tree.value == [20.0 / 3, 0, 10])
    }
}
