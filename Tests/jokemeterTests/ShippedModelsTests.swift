import EmbeddingModel
import Foundation
import LinearModel
import Registry
import Testing
import Training
import TreeModel

/// The models in `models/` load, answer, and carry the cross-validation figures the project promises.
@Suite struct ShippedModelsTests {
    let registry = try! ModelLoader(plugins: [LinearModel.self, TreeModel.self, EmbeddingModel.self])
        .loadRegistry(directory: CommandRunner.root.appendingPathComponent("models"), defaultModel: "lr")

    @Test func everyKindIsShipped() {
        #expect(registry.names == ["emb", "lr", "tr"])
        #expect(registry.model(named: "lr")?.descriptor.kind == "linear")
        #expect(registry.model(named: "tr")?.descriptor.kind == "tree")
        #expect(registry.model(named: "emb")?.descriptor.kind == "embedding")
    }

    @Test func lrAndTrExplainEveryJokeExactly() throws {
        let jokes = try CSVDataSetReader().read(CommandRunner.root.appendingPathComponent("data/clean_comedy_gold_ru.csv")).texts
        for name in ["lr", "tr"] {
            let model = try #require(registry.model(named: name) as? any ExplainableModel)
            for joke in jokes {
                let explanation = model.explain(joke)
                #expect(explanation.rating == model.predict(joke))
                let sum = explanation.contributions.reduce(explanation.base) { $0 + $1.contribution }
                #expect(abs(sum - explanation.rating) <= 1e-9, "\(name): \(joke)")
                let scalars = joke.unicodeScalars.count
                #expect(explanation.contributions.allSatisfy { $0.spans.allSatisfy { !$0.isEmpty && $0.upperBound <= scalars } })
            }
        }
        #expect(!(registry.model(named: "emb") is any ExplainableModel))
    }

    @Test func embeddingModelBeatsTheLinearOneInCrossValidation() throws {
        let embedding = try #require(registry.model(named: "emb")?.descriptor.training?.cv)
        let linear = try #require(registry.model(named: "lr")?.descriptor.training?.cv)
        #expect(embedding.rmse < linear.rmse)
    }

    @Test func linearModelBeatsTheMeanBaselineInCrossValidation() throws {
        let cv = try #require(registry.model(named: "lr")?.descriptor.training?.cv)
        #expect(cv.rmse < cv.baselineRmse)
    }

    @Test func treeIsAtMostTwoPercentWorseThanTheMeanBaseline() throws {
        let cv = try #require(registry.model(named: "tr")?.descriptor.training?.cv)
        #expect(cv.rmse <= cv.baselineRmse * 1.02)
    }

    @Test func trainingRecordNamesTheShippedDataSet() throws {
        for name in registry.names {
            let training = try #require(registry.model(named: name)?.descriptor.training)
            #expect(training.dataset == "clean_comedy_gold_ru.csv")
            #expect(training.rows == 1000)
            #expect(training.cv?.folds == 5)
            // The ratings' scale, as the playground draws it: the data's mean, lowest and highest score.
            let target = try #require(training.target)
            #expect(abs(target.mean - 2.1402) < 1e-12 && target.min == 1 && target.max == 4.4)
        }
    }
}
