import Testing
import Training

@Suite struct KFoldTests {
    @Test func everyRowIsTestedExactlyOnceAndNeverTrainedOnInItsFold() {
        let folds = KFold(count: 23, folds: 5, seed: 42)
        #expect(folds.splits.map(\.test.count) == [5, 5, 5, 4, 4])
        #expect(folds.splits.flatMap(\.test).sorted() == Array(0..<23))
        for split in folds.splits {
            #expect(Set(split.train).isDisjoint(with: split.test))
            #expect(split.train.count + split.test.count == 23)
        }
    }

    @Test func theSeedFixesTheFolds() {
        #expect(KFold(count: 50, folds: 5, seed: 7).splits == KFold(count: 50, folds: 5, seed: 7).splits)
        #expect(KFold(count: 50, folds: 5, seed: 7).splits != KFold(count: 50, folds: 5, seed: 8).splits)
    }

    /// The same folds are pinned in python-tests/test_swift_trainer.py, whose copy of the shuffle lets
    /// scikit-learn score exactly our folds.
    @Test func foldsOfSeed42ArePinned() {
        #expect(
            KFold(count: 23, folds: 5, seed: 42).splits.map(\.test)
                == [[7, 9, 18, 20, 22], [2, 3, 11, 17, 21], [8, 10, 12, 13, 16], [6, 14, 15, 19], [0, 1, 4, 5]]
        )
    }

    @Test func foldsAreShuffled() {
        #expect(KFold(count: 50, folds: 5, seed: 42).splits[0].test != Array(0..<10))
    }
}
