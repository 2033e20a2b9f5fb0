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

    @Test func foldsAreShuffled() {
        #expect(KFold(count: 50, folds: 5, seed: 42).splits[0].test != Array(0..<10))
    }
}
