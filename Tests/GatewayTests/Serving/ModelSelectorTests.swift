import Gateway
import Registry
import Testing

private struct NamedModel: TextModel {
    let descriptor: ModelDescriptor
    init(_ name: String) { descriptor = ModelDescriptor(name: name, kind: "test", version: "1", digest: "sha256:0") }
    func predict(_ text: String) -> Double { 0 }
}

@Suite struct ModelSelectorTests {
    let models = try! ModelRegistry(models: [NamedModel("lr"), NamedModel("tr"), NamedModel("big")], defaultModel: "lr")
    let selector = ModelSelector()

    private func name(path: String? = nil, header: String? = nil, query: String? = nil) throws -> String {
        try selector.select(in: models, explicit: selector.explicitName(path: path, header: header, query: query)).descriptor.name
    }

    @Test func pathBeatsHeaderBeatsQueryBeatsDefault() throws {
        #expect(try name(path: "tr", header: "big", query: "lr") == "tr")
        #expect(try name(header: "tr", query: "big") == "tr")
        #expect(try name(query: "big") == "big")
        #expect(try name() == "lr")
    }

    @Test func blankValuesCountAsNotGiven() throws {
        #expect(try name(header: "  ", query: "tr") == "tr")
        #expect(try name(header: " tr ") == "tr")
        #expect(try name(path: "\t\u{00A0}", header: "\u{2003}big\t") == "big")
        #expect(try name(header: "", query: "") == "lr")
    }

    @Test func theQueryIsReadOnlyWhenNothingElseNamesAModel() throws {
        var queryReads = 0
        func query() -> String? {
            queryReads += 1
            return "big"
        }
        #expect(selector.explicitName(header: "tr", query: query()) == "tr")
        #expect(queryReads == 0)
        #expect(selector.explicitName(header: " ", query: query()) == "big")
        #expect(queryReads == 1)
    }

    @Test func trimmingKeepsInnerSpaceAndReturnsTheStringItselfWhenNothingIsTrimmed() {
        #expect("a b".trimmingHorizontalSpace() == "a b")
        #expect(" \u{3000}a b\t".trimmingHorizontalSpace() == "a b")
        #expect("\n".trimmingHorizontalSpace() == "\n")
        #expect(" \t ".trimmingHorizontalSpace() == nil)
    }

    @Test func unknownNameIsAnErrorListingTheModelsNeverTheDefault() {
        #expect(throws: UnknownModel(name: "xx", available: ["big", "lr", "tr"])) { try name(header: "xx") }
        #expect(UnknownModel(name: "xx", available: ["lr", "tr"]).description == #"unknown model "xx"; available models: lr, tr"#)
    }

    @Test func theRoutingPolicyChoosesOnlyWhenNothingIsNamedAndTheSameJokerAlwaysGetsTheSameModel() throws {
        let routed = ModelSelector(policy: try RoutingPolicy(parsing: "tr:1,big:1"))
        #expect(!routed.dependsOnJoker(explicit: "lr"))
        #expect(routed.dependsOnJoker(explicit: nil))
        #expect(!selector.dependsOnJoker(explicit: nil))
        #expect(try routed.select(in: models, explicit: "lr", joker: "Петька").descriptor.name == "lr")
        for joker in ["Петька", "Василий Иванович", "anon", ""] {
            let first = try routed.select(in: models, explicit: nil, joker: joker).descriptor.name
            #expect(first != "lr")
            for _ in 0..<20 { #expect(try routed.select(in: models, explicit: nil, joker: joker).descriptor.name == first) }
        }
    }
}

@Suite struct ModelReferenceTests {
    @Test func readsANameAndAnOptionalVersion() {
        #expect(ModelReference(parsing: "lr") == ModelReference(name: "lr"))
        #expect(ModelReference(parsing: "lr@1.0.0") == ModelReference(name: "lr", version: "1.0.0"))
        #expect(ModelReference(parsing: "lr@") == ModelReference(name: "lr"))
        #expect(ModelReference(parsing: "lr@1.0.0+build@2") == ModelReference(name: "lr", version: "1.0.0+build@2"))
        #expect("\(ModelReference(name: "lr", version: "1.0.0"))" == "lr@1.0.0")
    }

    @Test func pinsAreNameEqualsVersionEachNameOnce() throws {
        #expect(try VersionPins.parse(list: "lr=1.0.0, tr = 2.0.0") == ["lr": "1.0.0", "tr": "2.0.0"])
        #expect(try VersionPins.parse(["lr=1.0.0"]) == ["lr": "1.0.0"])
        #expect(try VersionPins.parse(list: "") == [:])
        for bad in ["lr", "lr=", "=1.0.0", "lr@1=2"] {
            #expect(throws: GatewayConfiguration.InvalidSetting(setting: "pin", reason: "\"\(bad)\" is not model=version, e.g. lr=1.0.0")) {
                try VersionPins.parse([bad])
            }
        }
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "pin", reason: "lr is pinned twice")) {
            try VersionPins.parse(list: "lr=1,lr=2")
        }
    }
}
