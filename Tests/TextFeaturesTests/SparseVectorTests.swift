import Testing
import TextFeatures

@Suite struct SparseVectorTests {
    let vector = SparseVector(indices: [1, 4, 7], values: [0.5, -2, 3])

    @Test func absentFeaturesAreZero() {
        #expect(vector.value(at: 4) == -2)
        #expect(vector.value(at: 0) == 0)
        #expect(vector.value(at: 5) == 0)
        #expect(vector.value(at: 100) == 0)
    }

    @Test func dotProductWithDenseWeights() {
        let weights = [1.0, 2, 0, 0, 10, 0, 0, -1]
        let expected: Double = 0.5 * 2 - 2 * 10 - 3
        #expect(vector.dot(weights) == expected)
    }
}
