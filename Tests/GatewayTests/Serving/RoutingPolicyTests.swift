import Gateway
import Testing

@Suite struct RoutingPolicyTests {
    @Test func parsesNamesAndWeightsInOrder() throws {
        let policy = try RoutingPolicy(parsing: " lr : 90, tr:10")
        #expect(policy.weights == [.init(model: "lr", weight: 90), .init(model: "tr", weight: 10)])
    }

    @Test func refusesWhatIsNotASplit() {
        for text in ["", "lr", "lr:", "lr:x", "lr:-1", "lr:1,lr:2", "lr:0,tr:0", ":5", "lr:1,,tr:1", "lr:1:2"] {
            #expect(throws: InvalidRoutingWeights.self, "\(text)") { try RoutingPolicy(parsing: text) }
        }
    }

    @Test func drawsFollowTheWeights() throws {
        let policy = try RoutingPolicy(parsing: "lr:90,tr:10,off:0")
        let draws = RoutingDraws(seed: 42)
        var counts: [String: Int] = [:]
        for _ in 0..<100_000 { counts[policy.model(joker: nil, draw: draws.next()), default: 0] += 1 }
        #expect(counts["off"] == nil)
        #expect((9_000...11_000).contains(counts["tr"] ?? 0), "tr got \(counts["tr"] ?? 0) of 100 000")
    }

    @Test func jokersSpreadByTheWeightsAndStayPut() throws {
        let policy = try RoutingPolicy(parsing: "lr:50,tr:50")
        let jokers = (0..<10_000).map { "joker \($0)" }
        let trShare = jokers.filter { policy.model(joker: $0, draw: 0) == "tr" }.count
        #expect((4_500...5_500).contains(trShare))
        #expect(jokers.allSatisfy { policy.model(joker: $0, draw: 0) == policy.model(joker: $0, draw: .max) })
    }

    @Test func theJokerHashIsTheSameOnEveryProcess() {
        // Fixed values: a change here would move every joker to another model on the next deploy.
        #expect(RoutingPolicy.stableHash("") == RoutingPolicy.mix(0xcbf2_9ce4_8422_2325))
        #expect(RoutingPolicy.stableHash("Петька") == 0xb6b8_7654_6edd_2c57)
        #expect(RoutingPolicy.stableHash("a") != RoutingPolicy.stableHash("b"))
    }
}
