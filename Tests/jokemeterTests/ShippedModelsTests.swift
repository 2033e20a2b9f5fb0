import Foundation
import LinearModel
import Registry
import Testing
import TreeModel

/// The models in `models/` load, answer, and carry the cross-validation figures the project promises.
@Suite struct ShippedModelsTests {
    let registry = try! ModelLoader(plugins: [LinearModel.self, TreeModel.self])
        .loadRegistry(directory: CommandRunner.root.appendingPathComponent("models"), defaultModel: "lr")

    @Test func bothKindsAreShipped() {
        #expect(registry.names == ["lr", "tr"])
        #expect(registry.model(named: "lr")?.descriptor.kind == "linear")
        #expect(registry.model(named: "tr")?.descriptor.kind == "tree")
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
        }
    }
}
