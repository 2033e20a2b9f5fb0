import Foundation
import LinearModel
import Registry
import Testing
import TextFeatures

/// A trained linear model survives its artifact; broken artifacts are rejected naming file and field.
@Suite struct LinearArtifactTests {
    let loader = ModelLoader(plugins: [LinearModel.self])
    let texts = ["cat dog", "cat", "dog dog fish", "fish cat", "dog"]
    let targets = [1.0, 2, 3, 4, 2.5]

    @Test func loadedModelPredictsExactlyAsTheTrainedOne() throws {
        let trainer = RidgeTrainer(alphas: [1])
        let trained = try trainer.fit(texts: texts, targets: targets, parameters: trainer.parameterGrid[1])
        let document = ArtifactDocument(name: "lr", kind: LinearModel.kind, version: "2.0.0", createdAt: Date(), model: trained, training: nil)
        let loaded = try loader.loadArtifact(try document.encoded(), file: "lr.json")
        #expect(loaded.descriptor.name == "lr")
        #expect(loaded.descriptor.kind == "linear")
        for text in texts + ["", "unknown words only", "CAT DOG FISH"] {
            #expect(loaded.predict(text) == trained.predict(text))
        }
        #expect(trained.predict("fish") != trained.predict("cat"))
    }

    @Test func anEmptyTextGetsTheIntercept() throws {
        let model = try LinearRegressor(
            vectorizer: TfidfVectorizer(settings: TfidfSettings(), vocabulary: ["cat"], idf: [1]),
            estimator: LinearEstimator(coef: [2], intercept: 0.5)
        )
        #expect(model.predict("") == 0.5)
        #expect(model.predict("cat") == 2.5)
    }

    private static func artifact(coef: String = "[0.5, -0.25]", intercept: String = "2", idf: String = "[1.0, 1.5]") -> String {
        """
        {"format":"jokemeter.model","formatVersion":1,"name":"lr","kind":"linear","version":"1",
         "vectorizer":{"analyzer":"word","lowercase":true,"ngramRange":[1,1],"norm":"l2","useIdf":true,"smoothIdf":true,
                       "sublinearTf":false,"stopWords":[],"vocabulary":["cat","dog"],"idf":\(idf)},
         "estimator":{"coef":\(coef),"intercept":\(intercept)}}
        """
    }

    @Test func handWrittenArtifactPredicts() throws {
        let model = try loader.loadArtifact(Data(Self.artifact().utf8), file: "lr.json")
        // "cat": tf-idf (1·1.0) normalised to 1 → 2 + 0.5
        #expect(model.predict("cat") == 2.5)
    }

    @Test(arguments: [
        (artifact(coef: "[0.5]"), "estimator.coef", "has 1 values; expected 2 (one weight per vocabulary term)"),
        (artifact(coef: "[0.5, NaN]"), "estimator.coef[1]", "is nan; every value must be a finite number"),
        (artifact(coef: "[Infinity, 1]"), "estimator.coef[0]", "is inf; every value must be a finite number"),
        (artifact(intercept: "NaN"), "estimator.intercept", "is nan; it must be a finite number"),
        (artifact(idf: "[1.0]"), "vectorizer.idf", "has 1 values; expected 2 (one per vocabulary term)"),
        (artifact(idf: "[1.0, NaN]"), "vectorizer.idf[1]", "is nan; every value must be a finite number"),
        (artifact().replacingOccurrences(of: #","intercept":2"#, with: ""), "estimator.intercept", "is missing"),
        (artifact().replacingOccurrences(of: #""dog"]"#, with: #""cat"]"#), "vectorizer.vocabulary[1]", "repeats the term \"cat\" of vocabulary[0]"),
    ])
    func brokenArtifactsAreRejected(text: String, field: String, reason: String) {
        #expect(throws: ModelLoadError(file: "lr.json", field: field, reason: reason)) {
            try loader.loadArtifact(Data(text.utf8), file: "lr.json")
        }
    }
}
