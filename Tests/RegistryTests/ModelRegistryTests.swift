import Foundation
import Registry
import Testing

@Suite struct ModelRegistryTests {
    let loader = ModelLoader(plugins: [ConstantModel.self])

    /// The layout of a Kubernetes ConfigMap or Secret volume: the folder may itself be a link, and each file a
    /// link into a hidden timestamped folder.
    @Test func loadsThroughLinkedFoldersAndFiles() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        let data = directory.url.appendingPathComponent("..2026_11_30_data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data(ArtifactDirectory.constant(name: "lr").utf8).write(to: data.appendingPathComponent("lr.json"))
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("lr.json").path,
            withDestinationPath: "..2026_11_30_data/lr.json"
        )
        let linkedFolder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: linkedFolder, withDestinationURL: directory.url)
        defer { try? FileManager.default.removeItem(at: linkedFolder) }

        #expect(try loader.loadRegistry(directory: linkedFolder, defaultModel: "lr").names == ["lr"])
    }

    @Test func loadsEveryJSONArtifactAndIgnoresOtherFiles() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try directory.write("b.json", ArtifactDirectory.constant(name: "tr", rating: "4"))
        try directory.write("a.json", ArtifactDirectory.constant(name: "lr", rating: "1.5"))
        try directory.write("README.md", "not an artifact")

        let registry = try loader.loadRegistry(directory: directory.url, defaultModel: "lr")

        #expect(registry.names == ["lr", "tr"])
        #expect(registry.defaultModelName == "lr")
        #expect(registry.defaultModel.predict("anything") == 1.5)
        #expect(registry.model(named: "tr")?.predict("x") == 4)
        #expect(registry.model(named: "nope") == nil)
        let descriptor = try #require(registry.allModels.first?.descriptor)
        #expect(descriptor.name == "lr" && descriptor.kind == "constant" && descriptor.version == "1.2.3")
        #expect(descriptor.createdAt == "2026-11-25T10:00:00Z")
    }

    @Test func digestIsTheSHA256OfTheFileBytes() throws {
        let text = ArtifactDirectory.constant(name: "lr")
        let model = try loader.loadArtifact(Data(text.utf8), file: "lr.json")
        let other = try loader.loadArtifact(Data((text + " ").utf8), file: "lr.json")
        #expect(model.descriptor.digest.hasPrefix("sha256:"))
        #expect(model.descriptor.digest.count == "sha256:".count + 64)
        #expect(model.descriptor.digest != other.descriptor.digest)
    }

    @Test func knownDigest() throws {
        // sha256 of an artifact whose bytes are fixed here; computed with Python's hashlib.
        let text = #"{"format":"jokemeter.model","formatVersion":1,"name":"lr","kind":"constant","version":"1","estimator":{"rating":1}}"#
        let model = try loader.loadArtifact(Data(text.utf8), file: "lr.json")
        #expect(model.descriptor.digest == "sha256:\(Self.expectedDigest)")
    }

    static let expectedDigest = "5d96d083287b18cd4665d2957d28629dcc312e50fce502959e21114b166c9924"

    @Test func oneBrokenArtifactFailsTheWholeDirectoryAndEveryBrokenFileIsListed() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try directory.write("good.json", ArtifactDirectory.constant(name: "lr"))
        try directory.write("bad1.json", ArtifactDirectory.constant(name: "tr", replacing: [("\"formatVersion\": 1", "\"formatVersion\": 7")]))
        try directory.write("bad2.json", "{ not json")

        #expect {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr")
        } throws: { error in
            guard case ModelRegistryError.rejected(let errors) = error else { return false }
            return errors.map(\.file) == ["bad1.json", "bad2.json"] && errors[0].field == "formatVersion"
        }
    }

    @Test func oneNameAndVersionInTwoArtifactsIsAnErrorNamingBothFiles() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try directory.write("one.json", ArtifactDirectory.constant(name: "lr"))
        try directory.write("two.json", ArtifactDirectory.constant(name: "lr"))
        #expect(throws: ModelRegistryError.duplicateVersion("lr", version: "1.2.3", files: ["one.json", "two.json"])) {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr")
        }
    }

    /// Writes `lr` at each version, rating by its position, in files named by version.
    private func versions(_ versions: [String], in directory: ArtifactDirectory) throws {
        for (index, version) in versions.enumerated() {
            try directory.write(
                "lr-\(version).json",
                ArtifactDirectory.constant(name: "lr", rating: "\(index)", replacing: [("\"version\": \"1.2.3\"", "\"version\": \"\(version)\"")])
            )
        }
    }

    @Test func versionsOfOneNameAreServedSideBySideTheNewestBySemanticVersion() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try versions(["1.9.0", "1.10.0", "1.10.0-rc.1", "0.1.0"], in: directory)
        let registry = try loader.loadRegistry(directory: directory.url, defaultModel: "lr")
        #expect(registry.names == ["lr"])
        #expect(registry.versions(of: "lr") == ["0.1.0", "1.9.0", "1.10.0-rc.1", "1.10.0"])
        #expect(registry.model(named: "lr")?.descriptor.version == "1.10.0")
        #expect(registry.model(named: "lr", version: "1.9.0")?.predict("x") == 0)
        #expect(registry.model(named: "lr", version: "2.0.0") == nil)
        #expect(registry.versions(of: "tr").isEmpty)
        #expect(registry.allModels.map(\.descriptor.version) == ["0.1.0", "1.9.0", "1.10.0-rc.1", "1.10.0"])
    }

    @Test func aPinChoosesTheServedVersionAndMustNameOneThatIsLoaded() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try versions(["1.0.0", "1.1.0"], in: directory)
        let pinned = try loader.loadRegistry(directory: directory.url, defaultModel: "lr", pins: ["lr": "1.0.0"])
        #expect(pinned.model(named: "lr")?.descriptor.version == "1.0.0")
        #expect(pinned.defaultModel.descriptor.version == "1.0.0")
        #expect(throws: ModelRegistryError.unknownPin("lr", version: "2.0.0", available: ["1.0.0", "1.1.0"])) {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr", pins: ["lr": "2.0.0"])
        }
        #expect(throws: ModelRegistryError.unknownPin("tr", version: "1.0.0", available: [])) {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr", pins: ["tr": "1.0.0"])
        }
    }

    @Test func missingDefaultListsTheLoadedModels() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        try directory.write("tr.json", ArtifactDirectory.constant(name: "tr"))
        #expect(throws: ModelRegistryError.missingDefault("lr", available: ["tr"])) {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr")
        }
    }

    @Test func emptyOrMissingDirectory() throws {
        let directory = try ArtifactDirectory()
        defer { directory.remove() }
        #expect(throws: ModelRegistryError.noArtifacts(path: directory.url.path)) {
            try loader.loadRegistry(directory: directory.url, defaultModel: "lr")
        }
        #expect {
            try loader.loadRegistry(directory: directory.url.appendingPathComponent("missing"), defaultModel: "lr")
        } throws: { error in
            if case ModelRegistryError.unreadableDirectory = error { return true }
            return false
        }
    }
}
