import Foundation
import Registry
import Testing
import TextFeatures
import TreeModel

/// A trained tree survives its artifact; broken trees are rejected naming file and field.
@Suite struct TreeArtifactTests {
    let loader = ModelLoader(plugins: [TreeModel.self])

    @Test func loadedModelPredictsExactlyAsTheTrainedOne() throws {
        let texts = ["cat dog", "cat", "dog dog fish", "fish cat", "dog", "bird"]
        let trainer = TreeTrainer(depths: [3], leafSizes: [1])
        let trained = try trainer.fit(texts: texts, targets: [1, 2, 3, 4, 2.5, 5], parameters: trainer.parameterGrid[0])
        let document = ArtifactDocument(name: "tr", kind: TreeModel.kind, version: "1", createdAt: Date(), model: trained, training: nil)
        let loaded = try loader.loadArtifact(try document.encoded(), file: "tr.json")
        for text in texts + ["", "zebra"] { #expect(loaded.predict(text) == trained.predict(text)) }
        #expect(Set(texts.map(loaded.predict)).count > 1)
    }

    private static func artifact(
        left: String = "[1,-1,-1]",
        right: String = "[2,-1,-1]",
        feature: String = "[1,-2,-2]",
        threshold: String = "[0.5,-2,-2]",
        value: String = "[3,1,5]"
    ) -> String {
        """
        {"format":"jokemeter.model","formatVersion":1,"name":"tr","kind":"tree","version":"1",
         "vectorizer":{"analyzer":"word","vocabulary":["cat","dog"],"idf":[1,1]},
         "estimator":{"childrenLeft":\(left),"childrenRight":\(right),"feature":\(feature),"threshold":\(threshold),"value":\(value)}}
        """
    }

    @Test func absentFeatureIsZeroAndGoesLeft() throws {
        let model = try loader.loadArtifact(Data(Self.artifact().utf8), file: "tr.json")
        #expect(model.predict("cat") == 1)
        #expect(model.predict("dog") == 5)
        #expect(model.predict("") == 1)
    }

    @Test(arguments: [
        (artifact(left: "[1,-1]"), "estimator.childrenRight", "has 3 values; expected 2 (one per node, as childrenLeft)"),
        (artifact(value: "[3,1]"), "estimator.value", "has 2 values; expected 3 (one per node, as childrenLeft)"),
        (artifact(value: "[3,NaN,5]"), "estimator.value[1]", "is nan; every value must be a finite number"),
        (artifact(right: "[3,-1,-1]"), "estimator.childrenRight[0]", "3 is out of range; expected 1..<3 or -1"),
        (artifact(left: "[0,-1,-1]"), "estimator.childrenLeft[0]", "0 is out of range; expected 1..<3 or -1"),
        (artifact(left: "[1,2,-1]", right: "[2,1,-1]", feature: "[0,0,-2]"), "estimator.childrenRight[1]", "1 is out of range; expected 2..<3 or -1"),
        (artifact(right: "[-1,-1,-1]"), "estimator.childrenLeft[0]", "node 0 has one child; a node has two children or none"),
        (artifact(feature: "[2,-2,-2]"), "estimator.feature[0]", "2 is out of range; expected 0..<2"),
        (artifact(threshold: "[NaN,-2,-2]"), "estimator.threshold[0]", "is nan; a split threshold must be a number"),
        (
            artifact(left: "[]", right: "[]", feature: "[]", threshold: "[]", value: "[]"), "estimator.childrenLeft",
            "is empty; a tree has at least one node"
        ),
        (artifact(threshold: #"["a",-2,-2]"#), "estimator.threshold[0]", "has the wrong type; expected a number"),
    ])
    func brokenTreesAreRejected(text: String, field: String, reason: String) {
        #expect(throws: ModelLoadError(file: "tr.json", field: field, reason: reason)) {
            try loader.loadArtifact(Data(text.utf8), file: "tr.json")
        }
    }
}
