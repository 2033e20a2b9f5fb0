import EmbeddingModel
import Foundation
import Registry
import Testing

@Suite("The embedding kind")
struct EmbeddingModelTests {
    /// An `embedding` artifact naming `weights` (in `folder`) with a head of `coefficients` weights.
    static func artifact(
        folder: URL,
        weights: String,
        bytes: Int? = nil,
        sha256: String? = nil,
        coefficients: Int = TinyEncoderFile.hidden,
        prefix: String = "query: ",
        prompts: [String: String]? = nil,
        maxTokens: Int? = nil
    ) throws -> ModelArtifact {
        let path = folder.appendingPathComponent(weights).path
        let reference = WeightsFileReference(describing: path) ?? WeightsFileReference(file: weights, bytes: 0, sha256: "")
        var vectorizer: [String: Any] = [
            "weights": ["file": weights, "bytes": bytes ?? reference.bytes, "sha256": sha256 ?? reference.sha256], "prefix": prefix,
        ]
        if let maxTokens { vectorizer["maxTokens"] = maxTokens }
        if let prompts { vectorizer["prompts"] = prompts }
        let document: [String: Any] = [
            "format": "jokemeter.model", "formatVersion": 1, "name": "emb", "kind": "embedding", "version": "1.0.0",
            "vectorizer": vectorizer,
            "estimator": ["coef": (0..<coefficients).map { Double($0 % 5) - 2 }, "intercept": 3.5],
        ]
        return try ModelArtifact(file: "emb.json", data: JSONSerialization.data(withJSONObject: document), directory: folder)
    }

    static func loadError(_ artifact: ModelArtifact) -> ArtifactError? {
        do {
            _ = try EmbeddingModel(artifact: artifact)
            return nil
        } catch {
            return error as? ArtifactError
        }
    }

    @Test("A model rates the same text the same, alone or in a batch, and its embeddings have unit length")
    func rates() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let model = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name))
        let texts = ["ab", "a b ab", "", "ab ab ab ab ab ab ab ab ab ab", "c"]
        let alone = texts.map { model.predict($0) }
        #expect(model.predict(batch: texts) == alone)
        #expect(alone.allSatisfy { $0.isFinite })
        #expect(Set(alone).count > 1)
        let embeddings = model.encoder.embed(texts)
        for row in texts.indices {
            let norm = embeddings[row * 32..<(row + 1) * 32].reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-5)
        }
        guard case .dedicated = model.execution else {
            Issue.record("the embedding kind should run on threads of its own")
            return
        }
    }

    @Test("The tokenizer normalizes, collapses spaces, marks words with ▁ and picks the likeliest pieces")
    func tokenizes() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let encoder = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name, prefix: "")).encoder
        let prefixed = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name)).encoder
        #expect(prefixed.tokenIDs("ab") == [4, 3, 3, 3, 3, 3, 3, 5])  // ▁ q u e r y : (unknown, one each) ▁ab
        #expect(encoder.tokenIDs("") == [4])
        #expect(encoder.tokenIDs("ab") == [5])
        #expect(encoder.tokenIDs("a b") == [4, 6, 4, 7])
        #expect(encoder.tokenIDs("a\tb") == [4, 6, 4, 7])
        #expect(encoder.tokenIDs("\u{FF41}b") == [5])
        #expect(encoder.tokenIDs("a    b") == [4, 6, 4, 7])
        #expect(encoder.tokenIDs("  ab") == [5])
        #expect(encoder.tokenIDs("ac") == [4, 6, 3])
    }

    @Test("A model counts a text's tokens, the prefix's included, and takes as many as its artifact says")
    func countsTokens() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let model = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name, prefix: ""))
        #expect(model.tokenCount("a b") == 4)
        #expect(model.maxTokensPerText == 1024)
        let capped = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name, maxTokens: 7))
        #expect(capped.maxTokensPerText == 7)
        #expect(capped.tokenCount("ab") == 8)
        #expect(Self.loadError(try Self.artifact(folder: folder, weights: name, maxTokens: 0))?.field == "vectorizer.maxTokens")
    }

    @Test("A text and its token ids, specials or not, have the same embedding; a named prompt is read before the text")
    func embedsTokenIDsAndPrompts() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let model = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name, prefix: "a ", prompts: ["b": "b "]))
        #expect(model.prompts == ["b": "b ", "default": "a "] && model.defaultPrompt == "default")
        let ids = model.tokenIDs(.text("ab"))
        #expect(ids == [4, 6, 5])
        #expect(model.tokenIDs(.text("ab", prompt: "b")) == [4, 7, 5])
        #expect(model.tokenIDs(.tokenIDs([0] + ids + [2])) == ids && model.tokenIDs(.tokenIDs(ids)) == ids)
        let byText = model.embed(tokenized: [model.tokenIDs(.text("ab"))])
        #expect(byText == model.embed(tokenized: [model.tokenIDs(.tokenIDs([0] + ids + [2]))]))
        #expect(byText == Array(model.predictAndEmbed(batch: ["ab"]).embeddings))
        #expect(model.rating(ofEmbedding: byText[...]) == model.predict("ab"))
        #expect(byText != model.embed(tokenized: [model.tokenIDs(.text("ab", prompt: "b"))]))
        let empty = model.embed(tokenized: [[]])
        #expect(empty.allSatisfy { $0.isFinite })
        #expect(model.vocabularySize == TinyEncoderFile.pieces.count)
        let prompted = try EmbeddingModel(
            artifact: Self.artifact(folder: folder, weights: name, prompts: ["query": "query: ", "passage": "passage: "])
        )
        #expect(prompted.defaultPrompt == "query" && prompted.prompts.count == 2)
    }

    @Test("Each token reads its bytes of the prompt and text, a leading ▁ left out, a lone ▁ the spaces it stands for; <s> and </s> read none")
    func tokensReadTheirBytes() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let model = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name, prefix: "b "))
        let tokens = model.tokens(of: "ab  a", prompt: nil, specials: true)
        #expect(tokens.map(\.id) == [0] + model.tokenIDs(.text("ab  a")) + [2])
        #expect(tokens.first == ModelToken(id: 0, text: "<s>", special: true, bytes: nil))
        #expect(tokens.last?.text == "</s>" && tokens.last?.bytes == nil)
        #expect(tokens.dropFirst().dropLast().map(\.text) == ["", "b", "ab", "  ", "a"])
        #expect(tokens.dropFirst().dropLast().map(\.bytes) == [0..<0, 0..<1, 2..<4, 4..<6, 6..<7])
        #expect(model.tokens(of: "ab  a", prompt: nil, specials: false) == Array(tokens.dropFirst().dropLast()))
    }

    @Test("A text longer than a window is split into windows, and still embedded")
    func windows() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let model = try EmbeddingModel(artifact: Self.artifact(folder: folder, weights: name))
        let long = Array(repeating: "ab", count: 40).joined(separator: " ")
        #expect(model.encoder.tokenIDs(long).count > 6 * 5)
        #expect(model.predict(long).isFinite)
        #expect(model.predict(long) != model.predict("ab"))
    }

    @Test("A weights file that is missing, cut short, replaced or not a weights file is refused, naming the field")
    func refusesBrokenWeights() throws {
        let (folder, name) = try TinyEncoderFile.write()
        #expect(Self.loadError(try Self.artifact(folder: folder, weights: "absent.weights"))?.field == "vectorizer.weights.file")
        #expect(Self.loadError(try Self.artifact(folder: folder, weights: "../\(name)"))?.field == "vectorizer.weights.file")
        #expect(Self.loadError(try Self.artifact(folder: folder, weights: name, bytes: 100))?.field == "vectorizer.weights.bytes")
        #expect(
            Self.loadError(try Self.artifact(folder: folder, weights: name, sha256: String(repeating: "0", count: 64)))?.field
                == "vectorizer.weights.sha256"
        )
        #expect(Self.loadError(try Self.artifact(folder: folder, weights: name, coefficients: 31))?.field == "estimator.coef")

        var bytes = TinyEncoderFile.bytes()
        let (cut, cutName) = try TinyEncoderFile.write(Array(bytes.dropLast(100)))
        #expect(Self.loadError(try Self.artifact(folder: cut, weights: cutName))?.reason.contains("outside the file") == true)
        bytes[0] = UInt8(ascii: "X")
        let (magic, magicName) = try TinyEncoderFile.write(bytes)
        #expect(Self.loadError(try Self.artifact(folder: magic, weights: magicName))?.reason.contains("not a Jokemeter encoder weights file") == true)
        let (version, versionName) = try TinyEncoderFile.write(TinyEncoderFile.bytes(headerVersion: 2))
        #expect(Self.loadError(try Self.artifact(folder: version, weights: versionName))?.reason.contains("format version 2") == true)
        let (missing, missingName) = try TinyEncoderFile.write(TinyEncoderFile.bytes(dropping: "layer.0.key.weight"))
        #expect(Self.loadError(try Self.artifact(folder: missing, weights: missingName))?.reason.contains("no tensor layer.0.key.weight") == true)
    }

    @Test("A weights file reached through a link (as a Kubernetes volume's files are) is read through it")
    func followsLinks() throws {
        let (folder, name) = try TinyEncoderFile.write()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("linked.weights").path, withDestinationPath: name)
        let direct = try Self.artifact(folder: folder, weights: name)
        let linked = try Self.artifact(folder: folder, weights: "linked.weights")
        let size = WeightsFileReference(describing: folder.appendingPathComponent(name).path)?.bytes
        #expect(WeightsFileReference(describing: folder.appendingPathComponent("linked.weights").path)?.bytes == size)
        #expect(try EmbeddingModel(artifact: linked).predict("ab") == EmbeddingModel(artifact: direct).predict("ab"))
    }

    @Test("An artifact read from bytes alone has no folder to find its weights in")
    func needsAFolder() throws {
        let (folder, name) = try TinyEncoderFile.write()
        let artifact = try Self.artifact(folder: folder, weights: name)
        let loader = ModelLoader(plugins: [EmbeddingModel.self])
        let json = try JSONSerialization.data(withJSONObject: [
            "format": "jokemeter.model", "formatVersion": 1, "name": "emb", "kind": "embedding", "version": "1.0.0",
            "vectorizer": ["weights": ["file": name, "bytes": 1, "sha256": ""], "prefix": ""], "estimator": ["coef": [1.0], "intercept": 0.0],
        ])
        #expect(throws: ModelLoadError.self) { try loader.loadArtifact(json, file: "emb.json") }
        #expect(artifact.directory == folder)
    }
}
