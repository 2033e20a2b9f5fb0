import Gateway
import HTTPTypes
import Testing

@Suite struct HTTPFieldsCombinedValueTests {
    @Test func readsAsTheSubscriptDoes() {
        var fields: HTTPFields = [.contentType: "application/json", .init("x-model")!: "tr"]
        let model = HTTPField.Name.modelName
        #expect(fields.combinedValue(model) == "tr")
        #expect(fields.combinedValue(.contentLength) == nil)
        fields.append(HTTPField(name: model, value: "lr"))
        #expect(fields.combinedValue(model) == "tr, lr")
        #expect(fields.combinedValue(model) == fields[model])
    }
}
