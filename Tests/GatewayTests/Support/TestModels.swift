import Dispatch
import Foundation
import Gateway
import Hummingbird
import Registry
import Synchronization
import Testing

/// A model for these tests: rates a text by its length, so that every answer can be checked by hand.
struct LengthModel: TextModel {
    let descriptor: ModelDescriptor
    let scale: Double

    init(name: String, version: String, scale: Double) {
        descriptor = ModelDescriptor(name: name, kind: "length", version: version, digest: "sha256:\(name)")
        self.scale = scale
    }

    func predict(_ text: String) -> Double { Double(text.unicodeScalars.count) * scale }
}

/// Two models, `lr` (the default) and `tr`, that rate the same text differently.
func testRegistry() -> ModelRegistry {
    try! ModelRegistry(
        models: [LengthModel(name: "lr", version: "1.0.0", scale: 0.1), LengthModel(name: "tr", version: "2.0.0", scale: 0.2)],
        defaultModel: "lr"
    )
}

/// Settings for these tests: small limits, so that the limits are cheap to cross.
func testConfiguration() -> GatewayConfiguration {
    var configuration = GatewayConfiguration()
    configuration.maxBodyBytes = 1024
    configuration.maxTextCharacters = 100
    configuration.logLevel = .critical
    // No gRPC server unless a test asks for one: tests run side by side, and 8001 is one port.
    configuration.grpcPort = 0
    return configuration
}

/// The JSON object of a response body, read raw: for the checks whose point is the JSON itself (a key's absence,
/// which a decoded optional cannot tell from a null); the others read an `Answer`.
func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return dictionary
}

/// Waits until `condition` holds, for work that other threads finish after a request is answered (the
/// shadow's); fails after `seconds`.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while !(try await condition()) {
        guard ContinuousClock.now < deadline else {
            Issue.record("the condition did not hold within \(seconds) seconds")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// A gated model that reads a text as its words (split at spaces) and takes at most `maxTokensPerText` of them.
final class TokenizedGatedModel: GatedModel, TokenizedModel, @unchecked Sendable {
    let maxTokensPerText: Int

    init(name: String = "gated", execution: ModelExecution = .inline, maxTokensPerText: Int) {
        self.maxTokensPerText = maxTokensPerText
        super.init(name: name, execution: execution)
    }

    func tokenCount(_ text: String) -> Int { text.split(separator: " ").count }
}

/// A model whose ratings wait until the test opens its gate, and which records the size of every batch it rates.
class GatedModel: TextModel, @unchecked Sendable {
    let descriptor: ModelDescriptor
    let execution: ModelExecution
    private let gate = DispatchSemaphore(value: 0)
    private let batches = Mutex<[Int]>([])
    private let started = Atomic<Int>(0)

    /// A model called `name`, rated where `execution` says (inline by default, as an executor's model is).
    init(name: String = "gated", execution: ModelExecution = .inline) {
        descriptor = ModelDescriptor(name: name, kind: "gated", version: "1", digest: "sha256:\(name)")
        self.execution = execution
    }

    /// The text's length, once the gate is open.
    func predict(_ text: String) -> Double { predict(batch: [text])[0] }

    private func length(_ text: String) -> Double { Double(text.count) }

    func predict(batch texts: [String]) -> [Double] {
        started.add(1, ordering: .relaxed)
        gate.wait()
        batches.withLock { $0.append(texts.count) }
        return texts.map(length)
    }

    /// Lets `count` batches be rated.
    func open(_ count: Int = 1) { for _ in 0..<count { gate.signal() } }
    /// Waits until threads have begun rating `count` batches (polling: a test must not block the cooperative
    /// threads that its own requests need).
    func waitUntilRating(_ count: Int) async throws {
        while started.load(ordering: .relaxed) < count { try await Task.sleep(for: .milliseconds(1)) }
    }
    /// The sizes of the batches rated so far.
    var batchSizes: [Int] { batches.withLock { $0 } }
}

/// A gated model that gives embeddings: a text's row is its length, the length negated, and one half (token ids
/// count as one character each; the prompt `shout` reads a text as its length doubled); it reads a text as its words,
/// takes at most `maxTokensPerText` of them, and counts the batches embedded.
final class EmbeddingGatedModel: GatedModel, EmbeddingOutputModel, @unchecked Sendable {
    private let embedded = Atomic<Int>(0)

    let embeddingDimension = 3
    let maxTokensPerText: Int
    let prompts = ["shout": "shout", "plain": ""]
    let defaultPrompt: String? = "plain"
    let vocabularySize = 1000

    init(name: String = "gated", execution: ModelExecution = .inline, maxTokensPerText: Int = 100) {
        self.maxTokensPerText = maxTokensPerText
        super.init(name: name, execution: execution)
    }

    func tokenCount(_ text: String) -> Int { text.split(separator: " ").count }

    /// A word's id is its length; the prompt `shout` doubles each.
    func tokenIDs(_ input: EmbeddingInput) -> [Int32] {
        switch input {
        case .text(let text, let prompt):
            text.split(separator: " ").map { Int32($0.count) * (prompt == "shout" ? 2 : 1) }
        case .tokenIDs(let ids): ids
        }
    }

    func tokens(of text: String, prompt: String?, specials: Bool) -> [ModelToken] {
        tokenIDs(.text(text, prompt: prompt)).map { ModelToken(id: $0, text: "", special: false, bytes: nil) }
    }

    /// Waits for the gate as a batch of ratings does; an input's row is the sum of its ids.
    func embed(tokenized inputs: [[Int32]]) -> [Float] {
        embedded.add(1, ordering: .relaxed)
        let lengths = inputs.map { Float($0.reduce(0, +)) }
        _ = predict(batch: lengths.map { String(repeating: "x", count: Int($0)) })
        return lengths.flatMap { [$0, -$0, 0.5] }
    }

    func rating(ofEmbedding embedding: ArraySlice<Float>) -> Double {
        headed.add(1, ordering: .relaxed)
        return Double(embedding[embedding.startIndex])
    }

    /// The batches rated with their embeddings so far.
    var embeddedBatches: Int { embedded.load(ordering: .relaxed) }
    /// The embeddings the head has rated so far.
    var headedEmbeddings: Int { headed.load(ordering: .relaxed) }
    private let headed = Atomic<Int>(0)
}

/// An explainable model for these tests: rates a text by its length; each word of it contributes its length times
/// the scale, and the rest (the spaces) is the base.
struct ExplainedLengthModel: ExplainableModel {
    let descriptor: ModelDescriptor
    let scale: Double

    init(name: String, scale: Double) {
        descriptor = ModelDescriptor(name: name, kind: "length", version: "1.0.0", digest: "sha256:\(name)")
        self.scale = scale
    }

    func predict(_ text: String) -> Double { Double(text.unicodeScalars.count) * scale }

    func explain(_ text: String) -> Explanation {
        var contributions: [TermContribution] = []
        var offset = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let length = word.unicodeScalars.count
            if length > 0 {
                contributions.append(
                    TermContribution(
                        term: String(word),
                        value: Double(length),
                        weight: scale,
                        contribution: Double(length) * scale,
                        spans: [offset..<offset + length]
                    )
                )
            }
            offset += length + 1
        }
        let words = contributions.reduce(0) { $0 + $1.contribution }
        return Explanation(method: .linear, rating: predict(text), base: predict(text) - words, contributions: contributions.sortedByMagnitude())
    }
}
