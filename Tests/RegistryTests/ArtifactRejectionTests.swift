import Foundation
import Registry
import Testing

/// Every envelope-level rejection names the file and the field.
@Suite struct ArtifactRejectionTests {
    let loader = ModelLoader(plugins: [ConstantModel.self])

    private func rejection(_ text: String) -> ModelLoadError? {
        do {
            _ = try loader.loadArtifact(Data(text.utf8), file: "broken.json")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#""format": "jokemeter.model""#, #""format": "onnx""#, "format", "is \"onnx\"; expected \"jokemeter.model\""),
        (#""formatVersion": 1"#, #""formatVersion": 2"#, "formatVersion", "2 is not supported; this build reads version 1"),
        (#""kind": "constant""#, #""kind": "forest""#, "kind", "\"forest\" is unknown; known kinds: constant"),
        (#""name": "lr", "#, "", "name", "is missing"),
        (#""name": "lr""#, #""name": " ""#, "name", "is empty"),
        (#""name": "lr""#, #""name": "lr@2""#, "name", #""lr@2" holds "@", which separates a name from a version (lr@1.0.0)"#),
        (#""version": "1.2.3""#, #""version": 3"#, "version", "has the wrong type; expected a string"),
        (#""rating": 2.5"#, #""rating": NaN"#, "estimator.rating", "is nan; it must be a finite number"),
        (#""rating": 2.5"#, #""rating": "high""#, "estimator.rating", "has the wrong type; expected a number"),
        (#""estimator": {"rating": 2.5}"#, #""estimator": null"#, "estimator", "is null; expected an object"),
    ])
    func rejectsWithFileAndField(old: String, new: String, field: String, reason: String) throws {
        let text = ArtifactDirectory.constant(name: "lr", replacing: [(old, new)])
        #expect(text != ArtifactDirectory.constant(name: "lr"), "the substitution must change the artifact")
        let error = try #require(rejection(text))
        #expect(error == ModelLoadError(file: "broken.json", field: field, reason: reason))
        #expect(error.description == "broken.json: \(field): \(reason)")
    }

    @Test func malformedJSONNamesTheFile() throws {
        let error = try #require(rejection("{\"format\": "))
        #expect(error.file == "broken.json")
        #expect(error.description.hasPrefix("broken.json: "))
    }

    @Test func unreadableFileNamesTheFile() throws {
        #expect(throws: ModelLoadError.self) {
            try loader.loadArtifact(at: URL(fileURLWithPath: "/nonexistent/lr.json"))
        }
    }
}
