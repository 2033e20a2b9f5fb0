import Registry
import Testing

struct SemanticVersionTests {
    @Test func ordersAsSemanticVersioningSays() {
        // Semantic Versioning 2.0's own example of precedence (rule 11), then numbers past 9.
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
            "1.9.0", "1.10.0", "2.0.0",
        ]
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            #expect(SemanticVersion(earlier) < SemanticVersion(later), "\(earlier) < \(later)")
            #expect(!(SemanticVersion(later) < SemanticVersion(earlier)), "\(later) < \(earlier)")
        }
        #expect(ordered.shuffled().map(SemanticVersion.init).sorted().map(\.text) == ordered)
    }

    @Test func buildMetadataDoesNotOrder() {
        #expect(SemanticVersion("1.0.0+a") == SemanticVersion("1.0.0+b"))
        #expect(SemanticVersion("1.0.0+a") < SemanticVersion("1.0.1"))
    }

    @Test func aVersionThatIsNotSemanticOrdersBeforeEverySemanticOneAndByItsText() {
        for text in ["latest", "1.0", "1.0.x", "v1.0.0", "1.-1.0", "1.+1.0", ""] {
            #expect(!SemanticVersion(text).isSemantic, "\(text)")
            #expect(SemanticVersion(text) < SemanticVersion("0.0.1"), "\(text)")
        }
        #expect(SemanticVersion("2024-10") < SemanticVersion("2024-11"))
        #expect(SemanticVersion("1.0.0").isSemantic)
    }
}
