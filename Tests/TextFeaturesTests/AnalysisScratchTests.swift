import Testing
import TextFeatures

@Suite struct AnalysisScratchTests {
    @Test func aHugeDocumentDoesNotLeaveItsBuffersBehind() throws {
        let vectorizer = try TfidfVectorizer(settings: TfidfSettings(), vocabulary: ["штирлиц", "шёл"], idf: [1, 1])
        let huge = String(repeating: "Штирлиц шёл по лесу. ", count: 50_000)
        #expect(vectorizer.transform(huge).nonZeroCount == 2)
        // Same thread, so the same scratch space: its buffers were given back after the call.
        let capacities = AnalysisScratch.withCurrent { [$0.pointee.source.capacity, $0.pointee.text.capacity, $0.pointee.features.capacity] }
        #expect(capacities.allSatisfy { $0 <= 1 << 16 }, "\(capacities)")
        // And a joke afterwards still gets the same answer as before.
        #expect(vectorizer.transform("Штирлиц шёл") == vectorizer.transform("штирлиц ШЁЛ"))
    }

    @Test func nestedUseOnOneThreadGetsAFreshScratchSpace() {
        AnalysisScratch.withCurrent { outer in
            AnalysisScratch.withCurrent { inner in #expect(inner != outer) }
        }
    }
}
