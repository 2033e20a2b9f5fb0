import Registry
import Testing

@testable import Gateway

private struct NamedModel: TextModel {
    let descriptor: ModelDescriptor
    init(_ name: String) { descriptor = ModelDescriptor(name: name, kind: "test", version: "1", digest: "sha256:0") }
    func predict(_ text: String) -> Double { 0 }
}

@Suite struct ModelSelectorTests {
    let selector = ModelSelector(models: try! ModelRegistry(models: [NamedModel("lr"), NamedModel("tr"), NamedModel("big")], defaultModel: "lr"))

    private func name(path: String? = nil, header: String? = nil, query: String? = nil) throws -> String {
        try selector.select(path: path, header: header, query: query).descriptor.name
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
        #expect(try selector.select(header: "tr", query: query()).descriptor.name == "tr")
        #expect(queryReads == 0)
        #expect(try selector.select(header: " ", query: query()).descriptor.name == "big")
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
}
